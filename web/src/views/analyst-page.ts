/**
 * The analyst view: the gap list with filters, each gap shown on the map, CSV export, the
 * what-if scenario panel with suggested agreements (scenario-panel.ts), outcomes, pathways.
 */
import {
  DEFAULT_FLOORS,
  FLOOR_NAMES,
  type FloorName,
  fetchFirstGaps,
  fetchMoreGaps,
  fetchProgramOutcomes,
  type Gap,
  type GapCounts,
  type GapFilter,
  type ProgramOutcomes,
} from '../api/queries.ts';
import { listParam, type Page, setOrDelete } from '../app/page.ts';
import * as store from '../app/store.ts';
import { lang, t, vocabLabel } from '../i18n/i18n.ts';
import { toCsv } from '../lib/csv.ts';
import { clear, h, nextId } from '../lib/dom.ts';
import { num } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import { GAP_KINDS, type GapKind, HOUSEHOLDS, isId, oneOf, SEVERITIES } from '../lib/vocab.ts';
import { MapPanel } from './map-panel.ts';
import { OutcomesTable } from './outcomes-table.ts';
import { ScenarioPanel } from './scenario-panel.ts';
import { button, checkboxGroup, errorBox, inputField, loading, selectField } from './ui.ts';

/** Rates are entered as percents, earnings as quarterly dollars; the API takes fractions and dollars. */
const FLOOR_SCALE: Record<FloorName, number> = {
  completionRate: 100,
  employmentRateQ2: 100,
  medianEarningsQ2: 1,
  transitionRate: 100,
};
const FLOOR_MAX: Record<FloorName, number> = {
  completionRate: 100,
  employmentRateQ2: 100,
  medianEarningsQ2: 10_000_000,
  transitionRate: 100,
};

/** A floor from the URL (`floor.transitionRate=0.12`), when it is a number in range. */
function floorParam(p: URLSearchParams, name: FloorName): number | undefined {
  const raw = p.get(`floor.${name}`);
  if (raw === null || raw.trim() === '') return undefined;
  const v = Number(raw);
  return Number.isFinite(v) && v >= 0 && v * FLOOR_SCALE[name] <= FLOOR_MAX[name] ? v : undefined;
}

export const renderAnalystPage: Page = (main, ctx) => {
  const p = ctx.params;
  const state = {
    region: isId(p.get('region')) ? (p.get('region') as string) : '',
    sector: isId(p.get('sector')) ? (p.get('sector') as string) : '',
    household: oneOf(HOUSEHOLDS, p.get('household')) ? (p.get('household') as string) : '1A1C',
    kinds: p.has('kinds') ? listParam(p, 'kinds').filter((k): k is GapKind => oneOf(GAP_KINDS, k)) : [...GAP_KINDS],
    severity: oneOf(SEVERITIES, p.get('severity')) ? (p.get('severity') as string) : '',
    gap: p.get('gap') ?? '',
    floors: Object.fromEntries(
      FLOOR_NAMES.flatMap((n) => {
        const v = floorParam(p, n);
        return v === undefined ? [] : [[n, v]];
      }),
    ) as Partial<Record<FloorName, number>>,
  };
  const save = () => {
    const q = new URLSearchParams();
    setOrDelete(q, 'region', state.region);
    setOrDelete(q, 'sector', state.sector);
    if (state.household !== '1A1C') q.set('household', state.household);
    if (state.kinds.length !== GAP_KINDS.length) q.set('kinds', state.kinds.join(','));
    setOrDelete(q, 'severity', state.severity);
    setOrDelete(q, 'gap', state.gap);
    for (const n of FLOOR_NAMES) if (state.floors[n] !== undefined) q.set(`floor.${n}`, String(state.floors[n]));
    scenario.writeParams(q);
    ctx.setParams(q);
    scenario.linkChanged();
  };

  const filtersTitle = nextId('h');
  const form = h('form', { class: 'gap-filters', attrs: { 'aria-labelledby': filtersTitle } });
  form.addEventListener('submit', (e) => e.preventDefault());
  const listTitle = nextId('h');
  const listBody = h('div', { attrs: { 'data-testid': 'gaps' } });
  const mapPanel = new MapPanel({ label: t('analyst.mapLabel'), announce: ctx.announce });
  const scenario = new ScenarioPanel({
    params: p,
    map: mapPanel,
    announce: ctx.announce,
    onChange: () => save(),
    download: (csv, name) => download(csv, name),
  });
  const pathwaysBody = h('ul', { class: 'pathway-links' });
  const outcomes = new OutcomesTable(ctx.announce);
  const outcomesTitle = nextId('h');
  let allOutcomes: Promise<ProgramOutcomes[]> | undefined;
  let gaps: Gap[] = [];
  // The answer is paged (a national all-regions answer is hundreds of thousands of gaps): how
  // many there are, the cursor of the next page, and the filter they were asked with.
  let counts: GapCounts | undefined;
  let next: string | null = null;
  let asked: GapFilter = {};
  let generation = 0;
  let labels = new Map<string, string>();

  const visible = () => gaps.filter((g) => !state.severity || g.severity === state.severity);
  const gapKey = (g: Gap) => `${g.kind}:${g.subjectId}`;
  const subjectName = (g: Gap) => labels.get(`${g.subjectKind}:${g.subjectId}`) ?? g.subjectId;

  const show = (gap: Gap) => {
    state.gap = gapKey(gap);
    save();
    const keys = mapPanel.keysForIds([gap.subjectId, ...gap.relatedIds]);
    const subject = `${gap.subjectKind}:${gap.subjectId}`;
    if (mapPanel.node(subject)) keys.add(subject);
    const count = mapPanel.highlight(keys, { allEdges: true });
    ctx.announce(t('analyst.shown', { subject: subjectName(gap), count }));
    for (const b of listBody.querySelectorAll<HTMLButtonElement>('button[data-gap]')) {
      b.setAttribute('aria-pressed', String(b.dataset.gap === state.gap));
    }
  };

  const renderList = () => {
    clear(listBody);
    const rows = visible();
    const l = lang();
    const total = !counts
      ? rows.length
      : state.severity
        ? counts.bySeverity[state.severity as Gap['severity']]
        : counts.total;
    const status =
      next === null
        ? t('analyst.count', { count: num(l, rows.length, 0) })
        : t('analyst.countOf', { count: num(l, rows.length, 0), total: num(l, total, 0) });
    listBody.append(h('p', { attrs: { role: 'status' }, text: status }));
    const more = () => {
      if (next === null) return;
      const cursor = next;
      const current = generation;
      const b = listBody.querySelector<HTMLButtonElement>('button[data-testid="more-gaps"]');
      if (b) b.disabled = true;
      fetchMoreGaps(asked, cursor)
        .then((page) => {
          if (current !== generation) return;
          gaps = [...gaps, ...page.gaps];
          next = page.next;
          renderList();
          ctx.announce(t('analyst.countOf', { count: num(lang(), visible().length, 0), total: num(lang(), total, 0) }));
        })
        .catch((error: Error) => {
          if (current !== generation) return;
          listBody.append(errorBox(error.message));
          if (b) b.disabled = false;
        });
    };
    const moreButton = () =>
      next === null ? [] : [button(t('analyst.more'), more, { attrs: { 'data-testid': 'more-gaps' } })];
    if (rows.length === 0) {
      listBody.append(...moreButton());
      return;
    }
    listBody.append(
      h(
        'table',
        { class: 'data gaps' },
        h('caption', { class: 'sr-only', text: t('analyst.gaps') }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t('gapcol.kind'), t('gapcol.severity'), t('gapcol.subject'), t('gapcol.message')].map((text) =>
              h('th', { attrs: { scope: 'col' }, text }),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((g) =>
            h(
              'tr',
              { attrs: { 'data-kind': g.kind } },
              h('td', { text: vocabLabel(t, 'gap', g.kind) }),
              h('td', {}, h('span', { class: `sev sev-${g.severity}`, text: vocabLabel(t, 'severity', g.severity) })),
              h(
                'th',
                { attrs: { scope: 'row' } },
                h('span', { class: 'subject', text: subjectName(g) }),
                h('span', { class: 'hint', text: ` (${t(`kind.${g.subjectKind}`)})` }),
                h('br'),
                h('button', {
                  class: 'btn btn-small',
                  attrs: { type: 'button', 'data-gap': gapKey(g), 'aria-pressed': String(state.gap === gapKey(g)) },
                  on: { click: () => show(g) },
                  text: t('analyst.showOnMap'),
                }),
              ),
              h('td', { class: 'message', attrs: { lang: 'en' }, text: g.message }),
            ),
          ),
        ),
      ),
      ...moreButton(),
    );
  };

  const download = (csv: string, name: string) => {
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { attrs: { href: url, download: name } });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const floorsFieldset = () => {
    const error = h('p', { class: 'error', attrs: { role: 'alert', hidden: true } });
    const fields = FLOOR_NAMES.map((n) => {
      const scale = FLOOR_SCALE[n];
      const given = state.floors[n];
      const { wrap, input } = inputField(
        t(`floors.${n}`),
        {
          type: 'number',
          min: 0,
          max: FLOOR_MAX[n],
          step: 'any',
          inputmode: 'decimal',
          placeholder: String(Math.round(DEFAULT_FLOORS[n] * scale * 100) / 100),
          value: given === undefined ? undefined : String(Math.round(given * scale * 1e6) / 1e6),
          'data-floor': n,
        },
        t('floors.default', { value: String(Math.round(DEFAULT_FLOORS[n] * scale * 100) / 100) }),
      );
      input.addEventListener('change', () => {
        const raw = input.value.trim();
        const v = Number(raw);
        if (raw !== '' && (!Number.isFinite(v) || v < 0 || v > FLOOR_MAX[n])) {
          error.hidden = false;
          error.textContent = t('floors.invalid', { field: t(`floors.${n}`), max: String(FLOOR_MAX[n]) });
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        error.hidden = true;
        input.removeAttribute('aria-invalid');
        if (raw === '') delete state.floors[n];
        else state.floors[n] = v / scale;
        state.gap = '';
        save();
        void reload();
      });
      return wrap;
    });
    return h(
      'fieldset',
      { class: 'floors', attrs: { 'data-testid': 'floors' } },
      h('legend', { text: t('floors.title') }),
      h('p', { class: 'hint', text: t('floors.hint') }),
      h('div', { class: 'row' }, fields),
      error,
    );
  };

  const exportCsv = () => {
    const csv = toCsv(
      ['kind', 'severity', 'subjectKind', 'subjectId', 'subject', 'message', 'relatedIds'],
      visible().map((g) => [
        g.kind,
        g.severity,
        g.subjectKind,
        g.subjectId,
        subjectName(g),
        g.message,
        g.relatedIds.join(' '),
      ]),
    );
    download(csv, `gaps-${state.region || 'all'}.csv`);
  };

  // Filters change faster than gaps arrive: only the latest filter's answer is shown.
  const gapsRequest = new LatestRequest();
  const reload = async () => {
    const request = gapsRequest.start();
    generation++;
    clear(listBody);
    listBody.append(loading(t('status.loading')));
    try {
      const filter: GapFilter = {
        regionId: state.region || undefined,
        sectorId: state.sector || undefined,
        household: state.household,
        kinds: state.kinds.length ? state.kinds : undefined,
        floors: Object.keys(state.floors).length ? state.floors : undefined,
      };
      const [first, map] = await Promise.all([
        fetchFirstGaps(filter, { signal: request.signal }),
        mapPanel.load({ regionId: state.region || undefined, sectorId: state.sector || undefined }),
      ]);
      allOutcomes ??= fetchProgramOutcomes();
      const rows = await allOutcomes;
      if (!request.current()) return;
      // The region's (and sector's) programs are those on its map.
      const shown = new Set(map.nodes.filter((n) => n.kind === 'Program').map((n) => n.id));
      outcomes.set(rows.filter((r) => shown.has(r.id)));
      asked = filter;
      gaps = state.kinds.length ? first.page.gaps : [];
      next = state.kinds.length ? first.page.next : null;
      counts = state.kinds.length ? first.counts : undefined;
      labels = new Map(map.nodes.map((n) => [n.key, n.label]));
      renderList();
      const selected = gaps.find((g) => gapKey(g) === state.gap);
      if (selected) show(selected);
      else mapPanel.highlight(null);
      scenario.setContext(state.region, state.household, map.nodes);
    } catch (error) {
      if (!request.current()) return;
      clear(listBody);
      listBody.append(errorBox((error as Error).message));
    }
  };

  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', { text: t('page.analyst') }),
      h('p', { class: 'lede', text: t('analyst.lede') }),
      button(
        t('analyst.toScenario'),
        () => {
          scenario.el.scrollIntoView({ block: 'start' });
          scenario.el.querySelector<HTMLElement>('h2')?.focus();
        },
        { class: 'link-button' },
      ),
    ),
    h(
      'div',
      { class: 'analyst-layout' },
      h(
        'div',
        { class: 'analyst-main' },
        h(
          'section',
          { class: 'gap-section', attrs: { 'aria-labelledby': listTitle } },
          h('h2', { attrs: { id: listTitle }, text: t('analyst.gaps') }),
          h('h3', { class: 'sr-only', attrs: { id: filtersTitle }, text: t('filters.title') }),
          form,
          listBody,
        ),
        scenario.el,
      ),
      h('section', { class: 'analyst-map', attrs: { 'aria-label': t('analyst.mapLabel') } }, mapPanel.el),
    ),
    h(
      'section',
      { class: 'outcomes-section', attrs: { 'aria-labelledby': outcomesTitle } },
      h('h2', { attrs: { id: outcomesTitle }, text: t('outcomes.title') }),
      h('p', { class: 'hint', text: t('outcomes.hint') }),
      h(
        'div',
        { class: 'actions' },
        button(t('outcomes.export'), () => download(outcomes.csv(), `outcomes-${state.region || 'all'}.csv`), {
          attrs: { 'data-testid': 'export-outcomes' },
        }),
      ),
      outcomes.el,
    ),
    h(
      'section',
      { class: 'pathways', attrs: { 'aria-labelledby': 'pathways-h' } },
      h('h2', { attrs: { id: 'pathways-h' }, text: t('analyst.pathways') }),
      h('p', { class: 'hint', text: t('analyst.pathwaysHint') }),
      pathwaysBody,
    ),
  );

  (async () => {
    try {
      const catalog = await store.catalog();
      if (!state.region) state.region = (await store.defaultRegion()) ?? '';
      const any = { value: '', label: t('filters.any') };
      const change = (key: 'region' | 'sector' | 'household') => (value: string) => {
        state[key] = value;
        state.gap = '';
        save();
        void reload();
      };
      form.append(
        h(
          'div',
          { class: 'row' },
          selectField(
            t('filters.region'),
            [
              { value: '', label: t('analyst.allRegions') },
              ...catalog.regions.map((r) => ({ value: r.id, label: r.label })),
            ],
            state.region,
            change('region'),
          ).wrap,
          selectField(
            t('filters.sector'),
            [any, ...catalog.sectors.map((s) => ({ value: s.id, label: s.label }))],
            state.sector,
            change('sector'),
          ).wrap,
          selectField(
            t('nav.household'),
            HOUSEHOLDS.map((v) => ({ value: v, label: vocabLabel(t, 'household', v) })),
            state.household,
            change('household'),
          ).wrap,
          selectField(
            t('analyst.severity'),
            [any, ...SEVERITIES.map((s) => ({ value: s, label: vocabLabel(t, 'severity', s) }))],
            state.severity,
            (value) => {
              state.severity = value;
              save();
              renderList();
            },
          ).wrap,
        ),
        checkboxGroup(
          t('analyst.kinds'),
          GAP_KINDS.map((k) => ({ value: k, label: vocabLabel(t, 'gap', k) })),
          state.kinds,
          (values) => {
            state.kinds = values.filter((k): k is GapKind => oneOf(GAP_KINDS, k));
            save();
            void reload();
          },
          'checks checks-2',
        ).wrap,
        floorsFieldset(),
        h(
          'div',
          { class: 'actions' },
          button(t('analyst.export'), exportCsv, { attrs: { 'data-testid': 'export-csv' } }),
        ),
      );
      for (const w of catalog.pathways) {
        const href = `/pathway/${encodeURIComponent(w.id)}${state.region ? `?region=${encodeURIComponent(state.region)}` : ''}`;
        pathwaysBody.append(h('li', {}, h('a', { attrs: { href, 'data-link': true }, text: w.label })));
      }
      save();
      await reload();
    } catch (error) {
      main.append(errorBox((error as Error).message));
    }
  })();

  return () => {
    gapsRequest.cancel();
    scenario.destroy();
    mapPanel.destroy();
  };
};
