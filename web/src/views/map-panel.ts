/**
 * A map on a page: toolbar (zoom, fit), the Cytoscape canvas with keyboard help, and loading
 * from the server's map plus the browser-side filters, laid out in the worker.
 */
import type { GraphMap, MapFilter } from '../api/queries.ts';
import * as store from '../app/store.ts';
import { lang, t } from '../i18n/i18n.ts';
import { h, nextId } from '../lib/dom.ts';
import { num } from '../lib/format.ts';
import { applyFilter, type ClientFilter, hasDeliveryFilter } from '../map/filters.ts';
import { computeLayout } from '../map/layout-client.ts';
import { MapView } from '../map/map-view.ts';
import { button } from './ui.ts';

export interface MapPanelOptions {
  label: string;
  onSelect?: (key: string | null) => void;
  announce?: (text: string) => void;
  className?: string;
}

export class MapPanel {
  readonly el: HTMLElement;
  readonly view: MapView;
  private readonly status: HTMLElement;
  private token = 0;
  private pendingHighlight: { keys: Set<string> | null; allEdges?: boolean } | null = null;
  private loaded = false;
  data: GraphMap = { nodes: [], edges: [] };
  private byKey = new Map<string, GraphMap['nodes'][number]>();
  private readonly resizeObserver: ResizeObserver;

  constructor(options: MapPanelOptions) {
    const helpId = nextId('maphelp');
    const canvas = h('div', {
      class: 'map-canvas',
      attrs: {
        role: 'application',
        'aria-roledescription': t('map.roledescription'),
        'aria-label': options.label,
        'aria-describedby': helpId,
        tabindex: 0,
        'data-testid': 'map-canvas',
      },
    });
    this.status = h('p', { class: 'map-status', attrs: { 'aria-live': 'polite' } });
    const toolbar = h(
      'div',
      { class: 'map-toolbar', attrs: { role: 'toolbar', 'aria-label': t('map.toolbar') } },
      button('+', () => this.view.zoomBy(1.25), { attrs: { 'aria-label': t('map.zoomIn'), title: t('map.zoomIn') } }),
      button('−', () => this.view.zoomBy(0.8), { attrs: { 'aria-label': t('map.zoomOut'), title: t('map.zoomOut') } }),
      button(t('map.fit'), () => this.view.fit()),
      this.status,
    );
    this.el = h(
      'div',
      { class: `map-panel ${options.className ?? ''}` },
      toolbar,
      canvas,
      h('p', { class: 'hint map-help', attrs: { id: helpId }, text: t('map.keyboard') }),
    );
    this.view = new MapView(canvas, {
      onSelect: options.onSelect,
      onAnnounce: (key) => options.announce?.(this.describe(key)),
    });
    this.resizeObserver = new ResizeObserver(() => this.view.resize());
    this.resizeObserver.observe(canvas);
  }

  describe(key: string): string {
    const node = this.byKey.get(key);
    return node ? `${t(`kind.${node.kind}`)}: ${node.label}` : key;
  }

  node(key: string) {
    return this.byKey.get(key);
  }

  /** Loads and shows the map for these filters; resolves with what is shown. */
  async load(filter: MapFilter, client: ClientFilter = {}, wageRegion = filter.regionId): Promise<GraphMap> {
    const token = ++this.token;
    this.status.textContent = t('status.loading');
    const [base, wageMap, delivery] = await Promise.all([
      store.graphMap(filter),
      wageRegion ? store.wages(wageRegion) : Promise.resolve(new Map<string, number>()),
      hasDeliveryFilter(client) ? store.delivery() : Promise.resolve(undefined),
    ]);
    const shown = applyFilter(base, client, delivery);
    const positions = await computeLayout(
      shown.nodes.map((n) => ({ key: n.key, kind: n.kind, wage: n.kind === 'Occupation' ? wageMap.get(n.id) : null })),
      shown.edges.map((e) => ({ source: e.sourceKey, target: e.targetKey, kind: e.kind })),
    );
    if (token !== this.token) return shown;
    this.data = shown;
    this.byKey = new Map(shown.nodes.map((n) => [n.key, n]));
    this.view.setElements(shown.nodes, shown.edges, positions);
    this.loaded = true;
    const l = lang();
    this.status.textContent = t('map.count', {
      nodes: num(l, shown.nodes.length, 0),
      edges: num(l, shown.edges.length, 0),
    });
    this.el.dataset.ready = 'true';
    this.el.dataset.renderer = this.view.renderer;
    if (this.pendingHighlight) this.highlight(this.pendingHighlight.keys, this.pendingHighlight);
    else this.view.fit();
    return shown;
  }

  /** Emphasises these node keys (null: none), now or once loaded; returns how many are on the map. */
  highlight(keys: Set<string> | null, options: { allEdges?: boolean } = {}): number {
    this.pendingHighlight = { keys, ...options };
    if (!this.loaded) return 0;
    const count = this.view.highlight(keys, options);
    this.el.dataset.highlighted = String(count);
    return count;
  }

  /** Node keys on the map whose entity id is one of these (ids may repeat across kinds). */
  keysForIds(ids: Iterable<string>): Set<string> {
    const wanted = new Set(ids);
    return new Set(this.data.nodes.filter((n) => wanted.has(n.id)).map((n) => n.key));
  }

  destroy(): void {
    this.token++;
    this.resizeObserver.disconnect();
    this.view.destroy();
  }
}
