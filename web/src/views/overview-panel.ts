/**
 * The map's overview level: a region's view counted into sector × area groups (GraphQL
 * `mapOverview`, at most 5,000 groups and links), drawn as a grid of circles (a row per
 * sector, a column per area) sized by how many things each holds. Choosing a group (click,
 * Enter, or its button in the list beside) lists its members a page at a time (`mapGroup`);
 * choosing a member opens it in the node panel.
 */
import { fetchGroup, fetchOverview, type MapNode, type Overview, type OverviewGroup } from '../api/queries.ts';
import { lang, t } from '../i18n/i18n.ts';
import { clear, h, nextId } from '../lib/dom.ts';
import { num } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import type { EntityKind } from '../lib/vocab.ts';
import { MapView } from '../map/map-view.ts';
import { button, errorBox } from './ui.ts';

export interface OverviewPanelOptions {
  onOpen: (kind: EntityKind, id: string) => void;
  announce?: (text: string) => void;
}

/** Room between columns for a two-line label, and between rows. */
const STEP_X = 190;
const STEP_Y = 130;

export function groupLabel(group: OverviewGroup): string {
  return t('overview.group', {
    sector: group.sectorLabel ?? t('overview.noSector'),
    area: group.areaLabel ?? t('overview.everywhere'),
  });
}

/** Grid positions: columns are areas, rows sectors, each sorted by name ("none" first). */
export function gridPositions(groups: OverviewGroup[]): { x: number; y: number }[] {
  const order = (values: (string | null)[]) => {
    const distinct = [...new Set(values)].sort((a, b) =>
      a === null ? -1 : b === null ? 1 : a.localeCompare(b, undefined, { numeric: true }),
    );
    return new Map(distinct.map((v, i) => [v, i]));
  };
  const columns = order(groups.map((g) => g.areaLabel));
  const rows = order(groups.map((g) => g.sectorLabel));
  return groups.map((g) => ({
    x: (columns.get(g.areaLabel) ?? 0) * STEP_X,
    y: (rows.get(g.sectorLabel) ?? 0) * STEP_Y,
  }));
}

export class OverviewPanel {
  readonly el: HTMLElement;
  readonly view: MapView;
  private readonly status: HTMLElement;
  private readonly members: HTMLElement;
  private groups = new Map<string, OverviewGroup>();
  private regionId: string | undefined;
  private readonly request = new LatestRequest();
  private readonly groupRequest = new LatestRequest();

  constructor(private readonly options: OverviewPanelOptions) {
    const helpId = nextId('ovhelp');
    const canvas = h('div', {
      class: 'map-canvas',
      attrs: {
        role: 'application',
        'aria-roledescription': t('map.roledescription'),
        'aria-label': t('overview.label'),
        'aria-describedby': helpId,
        tabindex: 0,
        'data-testid': 'overview-canvas',
      },
    });
    this.status = h('p', { class: 'map-status', attrs: { 'aria-live': 'polite' } });
    this.members = h('section', {
      class: 'overview-members',
      attrs: { 'aria-live': 'polite', 'data-testid': 'overview-members' },
    });
    this.el = h(
      'div',
      { class: 'map-panel overview-panel' },
      h(
        'div',
        { class: 'map-toolbar', attrs: { role: 'toolbar', 'aria-label': t('map.toolbar') } },
        button('+', () => this.view.zoomBy(1.25), { attrs: { 'aria-label': t('map.zoomIn'), title: t('map.zoomIn') } }),
        button('−', () => this.view.zoomBy(0.8), {
          attrs: { 'aria-label': t('map.zoomOut'), title: t('map.zoomOut') },
        }),
        button(t('map.fit'), () => this.view.fit()),
        this.status,
      ),
      canvas,
      h('p', { class: 'hint map-help', attrs: { id: helpId }, text: `${t('overview.hint')} ${t('map.keyboard')}` }),
      this.members,
    );
    this.view = new MapView(canvas, {
      onSelect: (key) => {
        if (key) void this.drill(key);
      },
      onAnnounce: (key) => {
        const group = this.groups.get(key);
        if (group) options.announce?.(`${groupLabel(group)}: ${num(lang(), group.count, 0)}`);
      },
    });
  }

  /** Loads and draws the overview of a region's view (undefined: the whole graph). */
  async load(regionId: string | undefined): Promise<Overview | undefined> {
    const request = this.request.start();
    this.regionId = regionId;
    this.status.textContent = t('status.loading');
    clear(this.members);
    const overview = await fetchOverview(regionId, { signal: request.signal });
    if (!request.current()) return undefined;
    this.groups = new Map(overview.groups.map((g) => [g.id, g]));
    const most = Math.max(1, ...overview.groups.map((g) => g.count));
    const heaviest = Math.max(1, ...overview.links.map((l) => l.count));
    // Square roots, so a circle's area (not its width) follows the count.
    this.view.setGroups(
      overview.groups.map((g) => ({
        key: g.id,
        label: `${groupLabel(g)} (${num(lang(), g.count, 0)})`,
        weight: Math.sqrt(g.count / most),
      })),
      overview.links.map((l) => ({ ...l, weight: Math.sqrt(l.count / heaviest) })),
      gridPositions(overview.groups),
    );
    this.view.resize();
    this.view.fit();
    this.status.textContent = t('overview.title', { count: num(lang(), overview.groups.length, 0) });
    this.el.dataset.ready = 'true';
    this.el.dataset.renderer = this.view.renderer;
    this.members.append(this.groupList(overview.groups));
    return overview;
  }

  /** Every group as a button too: the same choice without the canvas. */
  private groupList(groups: OverviewGroup[]): HTMLElement {
    const sorted = [...groups].sort((a, b) => b.count - a.count);
    return h(
      'details',
      { class: 'overview-groups' },
      h('summary', { text: t('overview.title', { count: num(lang(), groups.length, 0) }) }),
      h(
        'ul',
        {},
        sorted.map((g) =>
          h(
            'li',
            {},
            button(`${groupLabel(g)} (${num(lang(), g.count, 0)})`, () => void this.drill(g.id), {
              attrs: { 'data-group': g.id },
            }),
          ),
        ),
      ),
    );
  }

  /** Lists a group's members, page after page on "Show more". */
  async drill(groupId: string): Promise<void> {
    const group = this.groups.get(groupId);
    if (!group) return;
    const request = this.groupRequest.start();
    this.view.focus(groupId);
    const titleId = nextId('h');
    const list = h('ul', { attrs: { 'aria-labelledby': titleId } });
    const more = h('div', {});
    const box = h(
      'div',
      { attrs: { 'data-testid': 'group-members', 'data-group': groupId } },
      h('h3', { attrs: { id: titleId }, text: groupLabel(group) }),
      h('p', {
        text: `${t('overview.members', { count: num(lang(), group.count, 0) })} · ${group.counts
          .map((c) => `${t(`kinds.${c.kind}`)} ${num(lang(), c.count, 0)}`)
          .join(', ')}`,
      }),
      list,
      more,
    );
    const previous = this.members.querySelector('[data-testid="group-members"]');
    if (previous) previous.replaceWith(box);
    else this.members.prepend(box);
    const page = async (after: string | null) => {
      clear(more);
      try {
        const result = await fetchGroup(this.regionId, groupId, after, { signal: request.signal });
        if (!request.current()) return;
        for (const node of result.nodes) list.append(this.member(node));
        if (result.hasNextPage) more.append(button(t('overview.more'), () => void page(result.endCursor)));
      } catch (error) {
        if (request.current()) more.append(errorBox((error as Error).message));
      }
    };
    this.options.announce?.(`${groupLabel(group)}: ${num(lang(), group.count, 0)}`);
    await page(null);
  }

  private member(node: MapNode): HTMLElement {
    return h(
      'li',
      {},
      h(
        'button',
        {
          class: 'search-hit',
          attrs: { type: 'button', 'data-key': node.key },
          on: { click: () => this.options.onOpen(node.kind, node.id) },
        },
        h('span', { class: `kind-badge kind-${node.kind}`, text: t(`kind.${node.kind}`) }),
        ' ',
        h('span', { text: node.label }),
      ),
    );
  }

  resize(): void {
    this.view.resize();
  }

  destroy(): void {
    this.request.cancel();
    this.groupRequest.cancel();
    this.view.destroy();
  }
}
