/** The map page: filters, search, legend, the map (or its list view) and the node panel. */
import { INDICATOR_NAMES, type IndicatorName, type MapNode, search } from '../api/queries.ts';
import { listParam, type Page, setOrDelete } from '../app/page.ts';
import * as store from '../app/store.ts';
import { lang, t, vocabLabel } from '../i18n/i18n.ts';
import { clear, h, nextId } from '../lib/dom.ts';
import { num } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import {
  ENTITY_KINDS,
  type EntityKind,
  isId,
  LANGUAGES,
  MODALITIES,
  oneOf,
  PROGRAM_FEATURES,
  SCHEDULES,
} from '../lib/vocab.ts';
import type { ClientFilter } from '../map/filters.ts';
import { KIND_ORDER } from '../map/kinds.ts';
import { colouring, indicatorLegend, isIndicator, programOutcomes } from './indicator-colouring.ts';
import { legend } from './legend.ts';
import { listView } from './list-view.ts';
import { MapPanel } from './map-panel.ts';
import { isKind, NodePanel } from './node-panel.ts';
import { OverviewPanel } from './overview-panel.ts';
import { checkboxGroup, errorBox, selectField } from './ui.ts';

export const renderMapPage: Page = (main, ctx) => {
  const p = ctx.params;
  const state = {
    region: isId(p.get('region')) ? (p.get('region') as string) : '',
    sector: isId(p.get('sector')) ? (p.get('sector') as string) : '',
    pathway: isId(p.get('pathway')) ? (p.get('pathway') as string) : '',
    partner: isId(p.get('partner')) ? (p.get('partner') as string) : '',
    kinds: p.has('kinds') ? listParam(p, 'kinds').filter(isKind) : [...ENTITY_KINDS],
    modality: oneOf(MODALITIES, p.get('modality')) ? (p.get('modality') as string) : '',
    schedules: listParam(p, 'schedules').filter((v) => oneOf(SCHEDULES, v)),
    languages: listParam(p, 'languages').filter((v) => oneOf(LANGUAGES, v)),
    features: listParam(p, 'features').filter((v) => oneOf(PROGRAM_FEATURES, v)),
    view: (p.get('view') === 'list' ? 'list' : p.get('view') === 'overview' ? 'overview' : 'map') as
      | 'map'
      | 'list'
      | 'overview',
    node: p.get('node') ?? '',
    colour: (isIndicator(p.get('colour')) ? p.get('colour') : '') as IndicatorName | '',
  };

  const save = () => {
    const q = new URLSearchParams();
    setOrDelete(q, 'region', state.region);
    setOrDelete(q, 'sector', state.sector);
    setOrDelete(q, 'pathway', state.pathway);
    setOrDelete(q, 'partner', state.partner);
    if (state.kinds.length !== ENTITY_KINDS.length) q.set('kinds', state.kinds.join(','));
    setOrDelete(q, 'modality', state.modality);
    setOrDelete(q, 'schedules', state.schedules);
    setOrDelete(q, 'languages', state.languages);
    setOrDelete(q, 'features', state.features);
    if (state.view !== 'map') q.set('view', state.view);
    setOrDelete(q, 'node', state.node);
    setOrDelete(q, 'colour', state.colour);
    ctx.setParams(q);
  };

  const filtersTitle = nextId('h');
  const filters = h('form', { class: 'filter-form', attrs: { 'aria-labelledby': filtersTitle } });
  filters.addEventListener('submit', (e) => e.preventDefault());
  const aside = h(
    'div',
    { class: 'filters' },
    h('h2', { attrs: { id: filtersTitle }, text: t('filters.title') }),
    filters,
    legend(t),
  );
  const indicatorLegendHost = h('div', { class: 'indicator-legend-host' });
  aside.insertBefore(indicatorLegendHost, filters.nextSibling);

  // Programs coloured by the chosen indicator, once the map and the outcomes are both there.
  const applyColour = async (request?: { current(): boolean }) => {
    if (!state.colour) {
      mapPanel.view.colourBy(null);
      indicatorLegendHost.replaceChildren(indicatorLegend('', undefined));
      return;
    }
    const rows = await programOutcomes();
    if (request && !request.current()) return;
    const shown = mapPanel.data.nodes.filter((n) => n.kind === 'Program').map((n) => n.id);
    const scale = colouring(state.colour, shown, rows);
    mapPanel.view.colourBy(scale.values);
    indicatorLegendHost.replaceChildren(indicatorLegend(state.colour, scale));
  };

  const panel = new NodePanel({
    onOpen: (kind, id) => open(kind, id),
    onClose: () => {
      panel.close();
      state.node = '';
      save();
      mapPanel.view.cy.nodes(':selected').unselect();
    },
  });
  const mapPanel = new MapPanel({
    label: t('map.label'),
    announce: ctx.announce,
    onSelect: (key) => {
      if (!key) return;
      const [kind, ...rest] = key.split(':');
      if (kind && isKind(kind)) open(kind, rest.join(':'));
    },
  });
  const listHost = h('div', { class: 'list-host' });
  const overview = new OverviewPanel({ onOpen: (kind, id) => open(kind, id), announce: ctx.announce });
  let overviewFor: string | null = null;
  const loadOverview = () => {
    if (overviewFor === state.region) return;
    overviewFor = state.region;
    overview.load(state.region || undefined).catch((e: Error) => {
      overviewFor = null;
      error.append(errorBox(e.message));
    });
  };

  function open(kind: EntityKind, id: string) {
    state.node = `${kind}:${id}`;
    save();
    mapPanel.view.focus(state.node);
    void panel.show(kind, id, state.region);
  }

  // View toggle: the map or the same information as tables.
  const toggle = h('div', { class: 'view-toggle', attrs: { role: 'group', 'aria-label': t('view.toggle') } });
  const mapBtn = h('button', { class: 'btn', attrs: { type: 'button' }, text: t('view.map') });
  const listBtn = h('button', { class: 'btn', attrs: { type: 'button' }, text: t('view.list') });
  const overviewBtn = h('button', { class: 'btn', attrs: { type: 'button' }, text: t('overview.button') });
  toggle.append(overviewBtn, mapBtn, listBtn);
  const applyView = () => {
    mapBtn.setAttribute('aria-pressed', String(state.view === 'map'));
    listBtn.setAttribute('aria-pressed', String(state.view === 'list'));
    overviewBtn.setAttribute('aria-pressed', String(state.view === 'overview'));
    mapPanel.el.hidden = state.view !== 'map';
    listHost.hidden = state.view !== 'list';
    overview.el.hidden = state.view !== 'overview';
    if (state.view === 'list') renderList();
    else if (state.view === 'overview') {
      overview.resize();
      loadOverview();
    } else {
      // The map was hidden (zero size): size it again and bring the chosen node back into view.
      mapPanel.view.resize();
      if (!state.node || !mapPanel.view.focus(state.node)) mapPanel.view.fit();
    }
  };
  mapBtn.addEventListener('click', () => {
    state.view = 'map';
    save();
    applyView();
  });
  listBtn.addEventListener('click', () => {
    state.view = 'list';
    save();
    applyView();
  });
  overviewBtn.addEventListener('click', () => {
    state.view = 'overview';
    save();
    applyView();
  });
  const renderList = () => {
    clear(listHost);
    listHost.append(listView(mapPanel.data, { t, lang: lang(), onOpen: (node: MapNode) => open(node.kind, node.id) }));
  };

  // Search (GraphQL `search`).
  const searchId = nextId('search');
  const searchInput = h('input', {
    attrs: { id: searchId, type: 'search', autocomplete: 'off', placeholder: t('search.placeholder') },
  });
  const results = h('ul', { class: 'search-results', attrs: { 'aria-label': t('search.results') } });
  const searchStatus = h('p', { class: 'sr-only', attrs: { role: 'status' } });
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  const searchRequest = new LatestRequest();
  const runSearch = async () => {
    const text = searchInput.value.trim();
    const request = searchRequest.start();
    clear(results);
    if (text.length < 2) {
      searchStatus.textContent = '';
      return;
    }
    try {
      const hits = await search(text, { signal: request.signal });
      if (!request.current()) return;
      searchStatus.textContent = t('search.count', { count: hits.length });
      for (const hit of hits) {
        const onMap = mapPanel.node(`${hit.kind}:${hit.node.id}`) !== undefined;
        results.append(
          h(
            'li',
            {},
            h(
              'button',
              {
                class: 'search-hit',
                attrs: { type: 'button', 'data-key': `${hit.kind}:${hit.node.id}` },
                on: {
                  click: () => {
                    clear(results);
                    open(hit.kind, hit.node.id);
                  },
                },
              },
              h('span', { class: `kind-badge kind-${hit.kind}`, text: t(`kind.${hit.kind}`) }),
              ' ',
              h('span', { text: hit.node.label }),
              onMap ? null : h('span', { class: 'hint', text: ` (${t('search.notOnMap')})` }),
            ),
          ),
        );
      }
    } catch (error) {
      if (request.current()) results.append(h('li', {}, errorBox((error as Error).message)));
    }
  };
  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(runSearch, 250);
  });
  searchInput.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown') {
      (results.querySelector('button') as HTMLButtonElement | null)?.focus();
      event.preventDefault();
    }
  });
  results.addEventListener('keydown', (event) => {
    const buttons = [...results.querySelectorAll('button')];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (event.key === 'ArrowDown' && i >= 0) buttons[Math.min(i + 1, buttons.length - 1)]?.focus();
    else if (event.key === 'ArrowUp') (i > 0 ? buttons[i - 1] : searchInput)?.focus();
    else if (event.key === 'Escape') {
      clear(results);
      searchInput.focus();
    } else return;
    event.preventDefault();
  });
  const searchForm = h(
    'form',
    {
      class: 'search',
      attrs: { role: 'search' },
      on: {
        submit: (e) => {
          e.preventDefault();
          void runSearch();
        },
      },
    },
    h('label', { attrs: { for: searchId }, text: t('search.label') }),
    searchInput,
    h('button', { class: 'btn', attrs: { type: 'submit' }, text: t('search.submit') }),
    searchStatus,
    results,
  );

  const mapTitle = nextId('h');
  const mapMain = h(
    'section',
    { class: 'map-main', attrs: { 'aria-labelledby': mapTitle } },
    h(
      'div',
      { class: 'map-head' },
      h('h2', { class: 'sr-only', attrs: { id: mapTitle }, text: t('map.heading') }),
      searchForm,
      toggle,
    ),
    mapPanel.el,
    listHost,
    overview.el,
  );

  const error = h('div', {});
  main.append(
    h('div', { class: 'page-head' }, h('h1', { text: t('page.map') }), h('p', { class: 'lede', text: t('map.lede') })),
    error,
    h('div', { class: 'map-layout' }, aside, mapMain, panel.el),
  );

  const mapRequest = new LatestRequest();
  const reload = async () => {
    const request = mapRequest.start();
    clear(error);
    try {
      const client: ClientFilter = {
        partnerId: state.partner || undefined,
        kinds: state.kinds.length === ENTITY_KINDS.length ? undefined : state.kinds,
        modality: state.modality || undefined,
        schedules: state.schedules,
        languages: state.languages,
        features: state.features,
      };
      await mapPanel.load(
        {
          regionId: state.region || undefined,
          sectorId: state.sector || undefined,
          pathwayId: state.pathway || undefined,
        },
        client,
      );
      if (!request.current()) return;
      if (state.view === 'overview') loadOverview();
      await applyColour(request);
      if (!request.current()) return;
      if (state.view === 'list') renderList();
      if (state.node) mapPanel.view.focus(state.node);
    } catch (e) {
      if (!request.current()) return;
      // A view too big to draw node by node: its overview instead.
      const tooBig = /^first: the view has (\d+) nodes/.exec((e as Error).message);
      if (tooBig) {
        ctx.announce(t('overview.tooBig', { count: num(lang(), Number(tooBig[1]), 0) }));
        state.view = 'overview';
        save();
        applyView();
        return;
      }
      error.append(errorBox((e as Error).message));
    }
  };

  (async () => {
    try {
      const catalog = await store.catalog();
      if (!state.region) state.region = (await store.defaultRegion()) ?? '';
      const any = { value: '', label: t('filters.any') };
      const change = (key: 'region' | 'sector' | 'pathway' | 'partner' | 'modality') => (value: string) => {
        state[key] = value;
        save();
        void reload();
      };
      filters.append(
        selectField(
          t('filters.region'),
          catalog.regions.map((r) => ({ value: r.id, label: r.label })),
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
          t('filters.pathway'),
          [any, ...catalog.pathways.map((s) => ({ value: s.id, label: s.label }))],
          state.pathway,
          change('pathway'),
        ).wrap,
        selectField(
          t('map.colourBy'),
          [
            { value: '', label: t('map.colourKind') },
            ...INDICATOR_NAMES.map((n) => ({ value: n, label: t(`indicator.${n}`) })),
          ],
          state.colour,
          (value) => {
            state.colour = isIndicator(value) ? value : '';
            save();
            void applyColour().catch((e: Error) => error.append(errorBox(e.message)));
          },
          { 'data-testid': 'colour-by' },
        ).wrap,
        selectField(
          t('filters.partner'),
          [any, ...catalog.partners.map((s) => ({ value: s.id, label: s.label }))],
          state.partner,
          change('partner'),
        ).wrap,
        checkboxGroup(
          t('filters.kinds'),
          KIND_ORDER.map((k) => ({ value: k, label: t(`kinds.${k}`) })),
          state.kinds,
          (values) => {
            state.kinds = values.filter(isKind);
            save();
            void reload();
          },
          'checks checks-2',
        ).wrap,
        h(
          'details',
          {
            class: 'delivery',
            attrs: {
              open:
                state.modality || state.schedules.length || state.languages.length || state.features.length
                  ? true
                  : undefined,
            },
          },
          h('summary', { text: t('filters.delivery') }),
          selectField(
            t('filters.modality'),
            [any, ...MODALITIES.map((m) => ({ value: m, label: vocabLabel(t, 'modality', m) }))],
            state.modality,
            change('modality'),
          ).wrap,
          ...(
            [
              ['schedules', 'filters.schedules', SCHEDULES, 'schedule'],
              ['languages', 'filters.languages', LANGUAGES, 'lang'],
              ['features', 'filters.features', PROGRAM_FEATURES, 'feature'],
            ] as const
          ).map(
            ([key, label, values, prefix]) =>
              checkboxGroup(
                t(label),
                values.map((v) => ({ value: v, label: vocabLabel(t, prefix, v) })),
                state[key],
                (chosen) => {
                  (state[key] as string[]) = chosen;
                  save();
                  void reload();
                },
              ).wrap,
          ),
        ),
      );
      save();
      applyView();
      await reload();
      if (state.node) {
        const [kind, ...rest] = state.node.split(':');
        if (kind && isKind(kind) && isId(rest.join(':'))) void panel.show(kind, rest.join(':'), state.region);
      }
    } catch (e) {
      error.append(errorBox((e as Error).message));
    }
  })();

  return () => {
    searchRequest.cancel();
    mapRequest.cancel();
    clearTimeout(searchTimer);
    mapPanel.destroy();
    overview.destroy();
  };
};
