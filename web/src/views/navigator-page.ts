/**
 * The navigator: a participant's situation → the k best routes as cards, highlighted on the
 * map, printable as a plan, and a URL that restores the query.
 */
import {
  fetchNames,
  fetchRoutes,
  type Objective,
  type Route,
  type RouteInput,
  routePathwayUrl,
} from '../api/queries.ts';
import { listParam, type Page, setOrDelete } from '../app/page.ts';
import * as store from '../app/store.ts';
import { lang, t, vocabLabel } from '../i18n/i18n.ts';
import { clear, h, nextId } from '../lib/dom.ts';
import { money } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import { inRegion } from '../lib/regions.ts';
import {
  type EntityKind,
  HOUSEHOLDS,
  isId,
  LANGUAGES,
  MODALITIES,
  oneOf,
  SCHEDULES,
  SUPPORT_KINDS,
} from '../lib/vocab.ts';
import { MapPanel } from './map-panel.ts';
import { routeCard, routeKeys } from './route-card.ts';
import { multiTypeahead, typeahead } from './typeahead.ts';
import { button, checkboxGroup, errorBox, inputField, loading, selectField } from './ui.ts';

interface Query {
  region: string;
  household: string;
  entry: string;
  held: string[];
  needs: string[];
  schedules: string[];
  languages: string[];
  modality: string;
  maxMonths: string;
  maxCost: string;
  occupation: string;
  sector: string;
  objective: Objective;
  /** The years netIncome counts (horizonMonths = 12 × years), 1 to 50. */
  years: string;
  /** "Keep earning": the most months without pay ('' any, or 0, 3, 6). */
  keep: string;
  /** Work steps up career ladders (input advancement). */
  advance: boolean;
  k: string;
  strict: boolean;
}

export const OBJECTIVE_VALUES: readonly Objective[] = ['TIME', 'COST', 'INCOME'];
export const KEEP_EARNING = ['', '0', '3', '6'] as const;
const DEFAULT_YEARS = '5';
const validYears = (v: string | null) => v !== null && v !== '' && Number(v) >= 1 && Number(v) <= 50;

export function queryFromParams(p: URLSearchParams): Query {
  const id = (name: string) => (isId(p.get(name)) ? (p.get(name) as string) : '');
  const number = (name: string) => {
    const v = p.get(name) ?? '';
    return v !== '' && Number.isFinite(Number(v)) && Number(v) >= 0 ? v : '';
  };
  const k = Number(p.get('k'));
  return {
    region: id('region'),
    household: oneOf(HOUSEHOLDS, p.get('household')) ? (p.get('household') as string) : '1A1C',
    entry: id('entry'),
    held: listParam(p, 'held').filter(isId),
    needs: listParam(p, 'needs').filter((v) => oneOf(SUPPORT_KINDS, v)),
    schedules: listParam(p, 'schedules').filter((v) => oneOf(SCHEDULES, v)),
    languages: listParam(p, 'languages').filter((v) => oneOf(LANGUAGES, v)),
    modality: oneOf(MODALITIES, p.get('modality')) ? (p.get('modality') as string) : '',
    maxMonths: number('maxMonths'),
    maxCost: number('maxCost'),
    occupation: id('occupation'),
    sector: id('sector'),
    objective: oneOf(OBJECTIVE_VALUES, p.get('objective')) ? (p.get('objective') as Objective) : 'TIME',
    years: validYears(p.get('years')) ? String(Number(p.get('years'))) : DEFAULT_YEARS,
    keep: oneOf(KEEP_EARNING, p.get('keep')) ? (p.get('keep') as string) : '',
    advance: p.get('advance') === '1',
    k: Number.isInteger(k) && k >= 1 && k <= 10 ? String(k) : '3',
    strict: p.get('strict') === '1',
  };
}

export function paramsFromQuery(q: Query): URLSearchParams {
  const p = new URLSearchParams();
  setOrDelete(p, 'region', q.region);
  if (q.household !== '1A1C') p.set('household', q.household);
  setOrDelete(p, 'entry', q.entry);
  setOrDelete(p, 'held', q.held);
  setOrDelete(p, 'needs', q.needs);
  setOrDelete(p, 'schedules', q.schedules);
  setOrDelete(p, 'languages', q.languages);
  setOrDelete(p, 'modality', q.modality);
  setOrDelete(p, 'maxMonths', q.maxMonths);
  setOrDelete(p, 'maxCost', q.maxCost);
  setOrDelete(p, 'occupation', q.occupation);
  setOrDelete(p, 'sector', q.sector);
  if (q.objective !== 'TIME') p.set('objective', q.objective);
  if (q.years !== DEFAULT_YEARS) p.set('years', q.years);
  setOrDelete(p, 'keep', q.keep);
  if (q.advance) p.set('advance', '1');
  if (q.k !== '3') p.set('k', q.k);
  if (q.strict) p.set('strict', '1');
  return p;
}

export function routeInput(q: Query): RouteInput {
  const input: RouteInput = { regionId: q.region, household: q.household, objective: q.objective, limit: Number(q.k) };
  if (q.entry) input.entryPointId = q.entry;
  if (q.held.length) input.heldCredentialIds = q.held;
  if (q.needs.length) input.needs = q.needs;
  if (q.strict) input.requireSupports = true;
  if (q.schedules.length) input.schedules = q.schedules;
  if (q.languages.length) input.languages = q.languages;
  if (q.modality) input.modality = q.modality;
  if (q.maxMonths) input.maxMonths = Number(q.maxMonths);
  if (q.maxCost) input.maxCost = Number(q.maxCost);
  if (q.years !== DEFAULT_YEARS) input.horizonMonths = Number(q.years) * 12;
  if (q.keep !== '') input.maxMonthsWithoutPay = Number(q.keep);
  if (q.advance) input.advancement = true;
  if (q.occupation) input.target = { occupationId: q.occupation };
  else if (q.sector) input.target = { sectorId: q.sector };
  return input;
}

/** The navigator's map shows how a person moves: the ladder, not partners and supports. */
const LADDER_KINDS: EntityKind[] = ['EntryPoint', 'Program', 'Credential', 'Occupation'];

export const renderNavigatorPage: Page = (main, ctx) => {
  const query = queryFromParams(ctx.params);
  const formTitle = nextId('h');
  const form = h('form', { class: 'participant no-print', attrs: { 'aria-labelledby': formTitle, novalidate: true } });
  const results = h('section', { class: 'results', attrs: { 'aria-labelledby': nextId('h') } });
  const resultsTitle = h('h2', {
    attrs: { id: results.getAttribute('aria-labelledby') as string },
    text: t('nav.results'),
  });
  const resultsBody = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'routes' } });
  results.append(resultsTitle, resultsBody);
  const mapPanel = new MapPanel({ label: t('nav.mapLabel'), announce: ctx.announce, className: 'no-print' });
  const shareInput = h('input', { attrs: { type: 'text', readonly: true, id: nextId('share') } });

  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', { text: t('page.navigator') }),
      h('p', { class: 'lede no-print', text: t('nav.lede') }),
    ),
    h(
      'div',
      { class: 'nav-layout' },
      h(
        'div',
        { class: 'nav-form' },
        h('h2', { class: 'no-print', attrs: { id: formTitle }, text: t('nav.participant') }),
        form,
      ),
      h(
        'div',
        { class: 'nav-output' },
        h('section', { class: 'nav-map no-print', attrs: { 'aria-label': t('nav.mapLabel') } }, mapPanel.el),
        results,
      ),
    ),
  );

  let routes: Route[] = [];
  /** The input the routes shown were found with: their CTDL downloads ask the same question. */
  let routesInput: RouteInput | undefined;
  let threshold: number | null = null;
  let shown = 0;
  const renderRoutes = () => {
    clear(resultsBody);
    if (routes.length === 0) {
      resultsBody.append(h('p', { text: t('nav.noRoutes') }));
      return;
    }
    resultsBody.append(
      h(
        'div',
        { class: 'cards' },
        routes.map((route) =>
          routeCard(route, {
            t,
            lang: lang(),
            shown: route.rank === shown,
            onShow: (r) => showRoute(r),
            threshold,
            horizonYears: Number(query.years),
            pathwayHref: routesInput ? routePathwayUrl(routesInput, route.rank) : undefined,
          }),
        ),
      ),
    );
  };
  const showRoute = (route: Route) => {
    shown = route.rank;
    const count = mapPanel.highlight(routeKeys(route, query.entry, query.held));
    if (mapPanel.el.getBoundingClientRect().top < 0) mapPanel.el.scrollIntoView({ block: 'start' });
    ctx.announce(t('nav.shown', { rank: route.rank, count }));
    for (const b of resultsBody.querySelectorAll<HTMLButtonElement>('.show-route')) {
      b.setAttribute('aria-pressed', String(b.closest('article')?.getAttribute('data-rank') === String(route.rank)));
    }
  };

  // A newer search (another click, back/forward) overtakes an older one still in flight.
  const routesRequest = new LatestRequest();
  const run = async (push: boolean) => {
    const request = routesRequest.start();
    const params = paramsFromQuery(query);
    ctx.setParams(params, push);
    shareInput.value = location.href;
    clear(resultsBody);
    if (!query.region) return;
    resultsBody.append(loading(t('status.loading')));
    const mapLoad = mapPanel.load({ regionId: query.region }, { kinds: LADDER_KINDS });
    try {
      const input = routeInput(query);
      const result = await fetchRoutes(input, { signal: request.signal });
      if (!request.current()) return;
      routes = result.routes;
      routesInput = input;
      threshold = result.threshold;
      shown = routes[0]?.rank ?? 0;
      renderRoutes();
      if (result.threshold !== null) {
        resultsBody.prepend(
          h('p', {
            class: 'threshold',
            text: t('nav.threshold', {
              household: vocabLabel(t, 'household', query.household),
              wage: money(lang(), result.threshold),
            }),
          }),
        );
      }
      resultsBody.prepend(h('p', { class: 'print-only plan-summary', text: summary() }));
      await mapLoad;
      if (!request.current()) return;
      const first = routes[0];
      if (first) showRoute(first);
      else mapPanel.highlight(null);
    } catch (error) {
      if (!request.current()) return;
      clear(resultsBody);
      resultsBody.append(errorBox((error as Error).message));
    }
  };

  let entryNames = new Map<string, string>();
  const typeaheads: { destroy(): void }[] = [];
  const objectiveLabel = (q: Query) =>
    q.objective === 'INCOME'
      ? `${t('nav.objective.INCOME')} (${t('route.netIncome', { years: q.years })})`
      : t(`nav.objective.${q.objective}`);
  const summary = () =>
    [
      t('nav.planFor', { household: vocabLabel(t, 'household', query.household) }),
      query.entry ? `${t('nav.entry')}: ${entryNames.get(query.entry) ?? query.entry}` : null,
      query.needs.length
        ? `${t('nav.needs')}: ${query.needs.map((n) => vocabLabel(t, 'support', n)).join(', ')}`
        : null,
      t('nav.planObjective', { objective: objectiveLabel(query) }),
      query.keep !== '' ? t('nav.planKeepEarning', { n: query.keep }) : null,
      query.advance ? t('nav.planAdvancement') : null,
    ]
      .filter(Boolean)
      .join(' · ');

  (async () => {
    try {
      const catalog = await store.catalog();
      entryNames = new Map(catalog.entryPoints.map((e) => [e.id, e.label]));
      const urlHadQuery = Boolean(query.region);
      if (!query.region) query.region = (await store.defaultRegion()) ?? '';
      const any = (label = t('filters.any')) => ({ value: '', label });
      const region = selectField(
        t('nav.region'),
        catalog.regions.map((r) => ({ value: r.id, label: r.label })),
        query.region,
      );
      const household = selectField(
        t('nav.household'),
        HOUSEHOLDS.map((v) => ({ value: v, label: vocabLabel(t, 'household', v) })),
        query.household,
      );
      // A state lists an entry point per population and workforce area (Texas: 112); offer the
      // region's own (its area's, state's, …) and keep the URL's choice even when it is another's.
      const entryOptions = (regionId: string) => [
        any(t('nav.noEntry')),
        ...catalog.entryPoints
          .filter((e) => e.id === query.entry || inRegion([e], catalog.regions, regionId).length > 0)
          .map((e) => ({ value: e.id, label: e.label })),
      ];
      const entry = selectField(t('nav.entry'), entryOptions(query.region), query.entry);
      region.select.addEventListener('change', () => {
        const chosen = entry.select.value;
        entry.select.replaceChildren(
          ...entryOptions(region.select.value).map((o) =>
            h('option', { attrs: { value: o.value, selected: o.value === chosen }, text: o.label }),
          ),
        );
      });
      // Credentials and occupations come from a typeahead, not a list of all of them; the
      // names of those the URL names are looked up by id.
      const [heldNames, occupationNames] = await Promise.all([
        fetchNames('Credential', query.held),
        fetchNames('Occupation', query.occupation ? [query.occupation] : []),
      ]);
      const held = multiTypeahead({
        label: t('nav.held'),
        kinds: ['Credential'],
        values: query.held.map((id) => heldNames.find((n) => n.id === id) ?? { id, label: id }),
        testId: 'held',
      });
      const needs = checkboxGroup(
        t('nav.needs'),
        SUPPORT_KINDS.map((k) => ({ value: k, label: vocabLabel(t, 'support', k) })),
        query.needs,
        undefined,
        'checks checks-2',
      );
      const strict = h('input', { attrs: { type: 'checkbox', id: nextId('c') } });
      strict.checked = query.strict;
      const schedules = checkboxGroup(
        t('nav.schedule'),
        SCHEDULES.map((k) => ({ value: k, label: vocabLabel(t, 'schedule', k) })),
        query.schedules,
        undefined,
        'checks checks-2',
      );
      const languages = checkboxGroup(
        t('nav.language'),
        LANGUAGES.map((k) => ({ value: k, label: vocabLabel(t, 'lang', k) })),
        query.languages,
        undefined,
        'checks checks-2',
      );
      const modality = selectField(
        t('filters.modality'),
        [any(), ...MODALITIES.map((m) => ({ value: m, label: vocabLabel(t, 'modality', m) }))],
        query.modality,
      );
      const maxMonths = inputField(t('nav.maxMonths'), {
        type: 'number',
        min: 0,
        step: 'any',
        inputmode: 'decimal',
        value: query.maxMonths,
      });
      const maxCost = inputField(t('nav.maxCost'), {
        type: 'number',
        min: 0,
        step: 'any',
        inputmode: 'decimal',
        value: query.maxCost,
      });
      const occupation = typeahead({
        label: t('nav.targetOccupation'),
        kinds: ['Occupation'],
        value: occupationNames[0] ?? (query.occupation ? { id: query.occupation, label: query.occupation } : null),
        hint: t('nav.targetOccupationHint'),
        testId: 'target-occupation',
      });
      typeaheads.push(held, occupation);
      const sector = selectField(
        t('nav.targetSector'),
        [any(), ...catalog.sectors.map((s) => ({ value: s.id, label: s.label }))],
        query.sector,
      );
      const objective = selectField(
        t('nav.objective'),
        OBJECTIVE_VALUES.map((v) => ({ value: v, label: t(`nav.objective.${v}`) })),
        query.objective,
      );
      const years = inputField(t('nav.years'), { type: 'number', min: 1, max: 50, step: 'any', value: query.years });
      const keep = selectField(
        t('nav.keepEarning'),
        KEEP_EARNING.map((v) => ({
          value: v,
          label:
            v === '' ? t('nav.keepEarning.any') : v === '0' ? t('nav.keepEarning.0') : t('nav.keepEarning.n', { n: v }),
        })),
        query.keep,
      );
      const advance = h('input', { attrs: { type: 'checkbox', id: nextId('c') } });
      advance.checked = query.advance;
      const k = inputField(t('nav.k'), { type: 'number', min: 1, max: 10, step: 1, value: query.k });
      const formError = h('div', {});
      form.append(
        h(
          'fieldset',
          {},
          h('legend', { text: t('nav.who') }),
          region.wrap,
          household.wrap,
          entry.wrap,
          h(
            'details',
            { attrs: { open: query.held.length ? true : undefined } },
            h('summary', { text: t('nav.heldSummary') }),
            held.wrap,
          ),
        ),
        h(
          'fieldset',
          {},
          h('legend', { text: t('nav.needsLegend') }),
          needs.wrap,
          h('div', { class: 'check' }, strict, h('label', { attrs: { for: strict.id }, text: t('nav.strict') })),
          schedules.wrap,
          languages.wrap,
          modality.wrap,
          maxMonths.wrap,
          maxCost.wrap,
        ),
        h(
          'fieldset',
          {},
          h('legend', { text: t('nav.goal') }),
          occupation.wrap,
          sector.wrap,
          objective.wrap,
          years.wrap,
          keep.wrap,
          h('div', { class: 'check' }, advance, h('label', { attrs: { for: advance.id }, text: t('nav.advancement') })),
          k.wrap,
        ),
        formError,
        h(
          'div',
          { class: 'actions' },
          h('button', { class: 'btn btn-primary', attrs: { type: 'submit' }, text: t('nav.find') }),
          button(t('nav.print'), () => window.print()),
        ),
        h(
          'div',
          { class: 'field share' },
          h('label', { attrs: { for: shareInput.id }, text: t('nav.share') }),
          shareInput,
          button(t('nav.copy'), async () => {
            shareInput.select();
            try {
              await navigator.clipboard.writeText(shareInput.value);
              ctx.announce(t('nav.copied'));
            } catch {
              ctx.announce(t('nav.copyManually'));
            }
          }),
        ),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        clear(formError);
        const months = maxMonths.input.value.trim();
        const cost = maxCost.input.value.trim();
        const count = Number(k.input.value);
        const horizon = years.input.value.trim();
        const problems: string[] = [];
        if (months && !(Number(months) >= 0)) problems.push(t('nav.badMonths'));
        if (cost && !(Number(cost) >= 0)) problems.push(t('nav.badCost'));
        if (!Number.isInteger(count) || count < 1 || count > 10) problems.push(t('nav.badK'));
        if (!validYears(horizon)) problems.push(t('nav.badYears'));
        if (problems.length) {
          formError.append(errorBox(problems.join(' ')));
          return;
        }
        Object.assign(query, {
          region: region.select.value,
          household: household.select.value,
          entry: entry.select.value,
          held: held.values(),
          needs: needs.values(),
          strict: strict.checked,
          schedules: schedules.values(),
          languages: languages.values(),
          modality: modality.select.value,
          maxMonths: months,
          maxCost: cost,
          occupation: occupation.value()?.id ?? '',
          sector: sector.select.value,
          objective: oneOf(OBJECTIVE_VALUES, objective.select.value) ? objective.select.value : 'TIME',
          years: String(Number(horizon)),
          keep: keep.select.value,
          advance: advance.checked,
          k: String(count),
        });
        void run(true);
      });
      shareInput.value = location.href;
      if (urlHadQuery) await run(false);
      else {
        resultsBody.append(h('p', { text: t('nav.start') }));
        await mapPanel.load({ regionId: query.region }, { kinds: LADDER_KINDS });
      }
    } catch (error) {
      main.append(errorBox((error as Error).message));
    }
  })();

  return () => {
    routesRequest.cancel();
    for (const box of typeaheads) box.destroy();
    mapPanel.destroy();
  };
};
