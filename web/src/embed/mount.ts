/**
 * `mountPathwayMap(el, options)`: the embeddable map as a function (the `<pathway-map>`
 * element is a thin wrapper). Options come from a host page, so they are validated before use:
 * ids must be ids, enums must be members, the API base must be an http(s) origin.
 */
import { ApiError } from '../api/client.ts';
import {
  fetchMap,
  fetchPartner,
  fetchRoutes,
  fetchWages,
  type GraphMap,
  type PartnerSummary,
  type Route,
} from '../api/queries.ts';
import { isLang, type Lang, translator } from '../i18n/i18n.ts';
import { clear, h } from '../lib/dom.ts';
import { ENTITY_KINDS, type EntityKind, HOUSEHOLDS, isId, oneOf } from '../lib/vocab.ts';
import { applyFilter } from '../map/filters.ts';
import { layeredLayout } from '../map/layout.ts';
import { legend } from '../views/legend.ts';
import { listView } from '../views/list-view.ts';
import { routeCard, routeKeys } from '../views/route-card.ts';
import { SvgMap } from './svg-map.ts';

export type EmbedView = 'map' | 'routes';
export interface PathwayMapOptions {
  region: string;
  pathway?: string;
  /** A partner whose programs the map narrows to and highlights, and whose roles it lists. */
  partner?: string;
  view?: EmbedView;
  lang?: Lang;
  entryPoint?: string;
  household?: string;
  /** Where the API is: '' (this page's origin) or an http(s) origin. */
  apiBase?: string;
  /** The level of the embed's title heading, 1–6 (default 2: a section of the host page). */
  headingLevel?: number;
}
export interface EmbedFilter {
  kinds?: EntityKind[];
}
export interface PathwayMapHandle {
  /** Resolves once the first view has loaded (or failed and said so). */
  ready: Promise<void>;
  setFilter(filter: EmbedFilter): void;
  /** Highlights the route of this rank (default 1) from `entryPoint`; resolves with the nodes shown. */
  highlightRoute(rank?: number): Promise<number>;
  fit(): void;
  destroy(): void;
}

export type Validated =
  | { ok: true; options: Required<Omit<PathwayMapOptions, 'pathway' | 'entryPoint' | 'partner'>> & PathwayMapOptions }
  | { ok: false; errors: string[] };

export function validateOptions(raw: Record<string, unknown>): Validated {
  const errors: string[] = [];
  const id = (name: string, required: boolean) => {
    const v = raw[name];
    if (v === undefined || v === null || v === '') {
      if (required) errors.push(`${name} is required`);
      return undefined;
    }
    if (!isId(v)) {
      errors.push(`${name} must be an id`);
      return undefined;
    }
    return v;
  };
  const region = id('region', true);
  const pathway = id('pathway', false);
  const entryPoint = id('entryPoint', false);
  const partner = id('partner', false);
  const view = raw.view ?? 'map';
  if (view !== 'map' && view !== 'routes') errors.push('view must be "map" or "routes"');
  const lang = raw.lang ?? 'en';
  if (!isLang(lang)) errors.push('lang must be "en" or "es"');
  const household = raw.household ?? '1A1C';
  if (!oneOf(HOUSEHOLDS, household)) errors.push('household must be a household code such as 1A1C');
  let apiBase = '';
  if (raw.apiBase !== undefined && raw.apiBase !== '') {
    try {
      const url = new URL(String(raw.apiBase));
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
      apiBase = url.origin;
    } catch {
      errors.push('apiBase must be an http(s) origin');
    }
  }
  const headingLevel = raw.headingLevel ?? 2;
  if (!Number.isInteger(headingLevel) || (headingLevel as number) < 1 || (headingLevel as number) > 6) {
    errors.push('heading must be a whole number from 1 to 6');
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: {
      region: region as string,
      pathway,
      entryPoint,
      partner,
      view: view as EmbedView,
      lang: lang as Lang,
      household: household as string,
      apiBase,
      headingLevel: headingLevel as number,
    },
  };
}

export function mountPathwayMap(el: HTMLElement | ShadowRoot, rawOptions: PathwayMapOptions): PathwayMapHandle {
  const checked = validateOptions(rawOptions as unknown as Record<string, unknown>);
  const lang: Lang = isLang(rawOptions.lang) ? rawOptions.lang : 'en';
  const t = translator(lang);
  const root = h('div', { class: 'pm', attrs: { lang } });
  el.append(root);
  let destroyed = false;
  let svgMap: SvgMap | undefined;
  let base: GraphMap = { nodes: [], edges: [] };
  let wages = new Map<string, number>();
  let filter: EmbedFilter = {};
  let routes: Route[] | undefined;
  let partner: PartnerSummary | null = null;

  const fail = (message: string) => {
    clear(root);
    root.append(h('p', { class: 'pm-error', attrs: { role: 'alert' }, text: `${t('embed.error')}: ${message}` }));
  };
  if (!checked.ok) {
    fail(checked.errors.join('; '));
    const noop = async () => 0;
    return { ready: Promise.resolve(), setFilter() {}, highlightRoute: noop, fit() {}, destroy: () => root.remove() };
  }
  const o = checked.options;
  const api = { base: o.apiBase };
  const appLink = () => {
    const q = new URLSearchParams({ region: o.region });
    if (o.pathway) q.set('pathway', o.pathway);
    q.set('lang', lang);
    return h('a', {
      class: 'pm-link',
      attrs: { href: `${o.apiBase}/map?${q}`, target: '_blank', rel: 'noopener' },
      text: t('embed.openFull'),
    });
  };

  const loadRoutes = async (): Promise<Route[]> => {
    if (routes) return routes;
    if (!o.entryPoint) return [];
    const sector = base.nodes.find((n) => n.kind === 'Sector' && o.pathway)?.id;
    const result = await fetchRoutes(
      {
        regionId: o.region,
        household: o.household,
        entryPointId: o.entryPoint,
        limit: 3,
        ...(sector ? { target: { sectorId: sector } } : {}),
      },
      api,
    );
    routes = result.routes;
    return routes;
  };

  // The partner's neighbourhood (its programs, their credentials and occupations, its pathways),
  // when the partner is on this map; its own programs are highlighted unless a route is.
  const partnerKey = () => (partner ? `Partner:${partner.id}` : undefined);
  const partnerOnMap = () => base.nodes.some((n) => n.key === partnerKey());
  const partnerKeys = () =>
    new Set([partnerKey() as string, ...(partner?.programs ?? []).map((p) => `Program:${p.id}`)]);

  const drawMap = () => {
    if (!svgMap) return;
    const shown = applyFilter(base, { kinds: filter.kinds, partnerId: partnerOnMap() ? partner?.id : undefined });
    const positions = layeredLayout(
      shown.nodes.map((n) => ({ key: n.key, kind: n.kind, wage: n.kind === 'Occupation' ? wages.get(n.id) : null })),
      shown.edges.map((e) => ({ source: e.sourceKey, target: e.targetKey, kind: e.kind })),
    );
    svgMap.render(shown.nodes, shown.edges, positions);
    const list = root.querySelector('.pm-list-body');
    const level = `h${Math.min(6, o.headingLevel + 1)}` as 'h3';
    if (list) list.replaceChildren(listView(shown, { t, lang, headingLevel: level, jumpLinks: false }));
    if (partner && !o.entryPoint) svgMap.highlight(partnerKeys());
  };

  /** The partner's programs and its roles in pathways, as text beside the map or the routes. */
  const partnerPanel = (p: PartnerSummary) => {
    const tag = `h${Math.min(6, o.headingLevel + 1)}` as 'h3';
    const sub = `h${Math.min(6, o.headingLevel + 2)}` as 'h4';
    const list = (items: string[], empty: string) =>
      items.length === 0
        ? h('p', { class: 'pm-hint', text: empty })
        : h(
            'ul',
            {},
            items.map((text) => h('li', { text })),
          );
    return h(
      'section',
      { class: 'pm-partner', attrs: { 'data-testid': 'embed-partner', 'aria-label': p.name } },
      h(tag, { text: p.name }),
      h(sub, { text: t('embed.partnerPrograms') }),
      list(
        p.programs.map((program) => program.name).sort((a, b) => a.localeCompare(b, lang)),
        t('embed.partnerNoPrograms'),
      ),
      h(sub, { text: t('embed.partnerRoles') }),
      list(
        p.roles.map((r) =>
          t('embed.partnerRole', { role: t(`role.${r.role}` as 'role.Lead'), pathway: r.pathway.name }),
        ),
        t('embed.partnerNoRoles'),
      ),
    );
  };

  const titleFor = () => {
    const pathway = base.nodes.find((n) => n.kind === 'Pathway' && n.id === o.pathway);
    const region = base.nodes.find((n) => n.kind === 'Region' && n.id === o.region);
    return pathway?.label ?? region?.label ?? o.region;
  };

  const ready = (async () => {
    root.append(h('p', { class: 'pm-hint', attrs: { role: 'status' }, text: t('status.loading') }));
    try {
      [base, wages, partner] = await Promise.all([
        fetchMap({ regionId: o.region, pathwayId: o.pathway }, api),
        fetchWages(o.region, api),
        o.partner ? fetchPartner(o.partner, api) : Promise.resolve(null),
      ]);
      if (destroyed) return;
      if (o.partner && !partner) {
        fail(t('embed.noPartner', { id: o.partner }));
        return;
      }
      clear(root);
      const title = titleFor();
      const titleTag = `h${o.headingLevel}` as 'h2';
      const cardTag = `h${Math.min(6, o.headingLevel + 1)}` as 'h3';
      root.append(h('div', { class: 'pm-head' }, h(titleTag, { class: 'pm-title', text: title }), appLink()));
      if (o.view === 'routes') {
        const found = await loadRoutes();
        if (destroyed) return;
        if (!o.entryPoint) root.append(h('p', { class: 'pm-hint', text: t('embed.needEntry') }));
        else if (found.length === 0) root.append(h('p', { text: t('nav.noRoutes') }));
        else
          root.append(
            h(
              'div',
              { class: 'cards', attrs: { 'data-testid': 'embed-routes' } },
              found.map((r) => routeCard(r, { t, lang, headingLevel: cardTag })),
            ),
          );
        if (partner) root.append(partnerPanel(partner));
        return;
      }
      svgMap = new SvgMap(t('embed.mapLabel', { title }));
      root.append(
        svgMap.el,
        h('p', { class: 'pm-hint', text: t('embed.keyboard') }),
        legend(t),
        h(
          'details',
          { class: 'pm-list' },
          h('summary', { text: t('embed.list') }),
          h('div', { class: 'pm-list-body' }),
        ),
      );
      if (partner) root.append(partnerPanel(partner));
      (root.querySelector('details.legend') as HTMLDetailsElement | null)?.removeAttribute('open');
      drawMap();
      if (o.entryPoint) await highlightRoute(1);
    } catch (error) {
      if (!destroyed) fail(error instanceof ApiError ? error.message : t('embed.unavailable'));
    }
  })();

  async function highlightRoute(rank = 1): Promise<number> {
    if (!svgMap) return 0;
    const found = await loadRoutes();
    const route = found.find((r) => r.rank === rank);
    return svgMap.highlight(route ? routeKeys(route, o.entryPoint) : null);
  }

  return {
    ready,
    setFilter(next) {
      const kinds = next.kinds?.filter((k) => (ENTITY_KINDS as readonly string[]).includes(k));
      filter = { kinds: kinds && kinds.length > 0 ? kinds : undefined };
      drawMap();
    },
    highlightRoute,
    fit() {
      svgMap?.fit();
    },
    destroy() {
      destroyed = true;
      svgMap?.destroy();
      root.remove();
    },
  };
}
