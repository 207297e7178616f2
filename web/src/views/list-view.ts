/**
 * The map as tables, for screen-reader and keyboard users: every node shown on the map, by
 * kind, with every edge as a named relationship to another node. Same filters, same data.
 */
import type { GraphMap, MapNode } from '../api/queries.ts';
import type { Lang, MessageKey, Translate } from '../i18n/i18n.ts';
import { h, nextId } from '../lib/dom.ts';
import { num } from '../lib/format.ts';
import { KIND_ORDER } from '../map/kinds.ts';

/** Rows per kind before the table says how many more there are (the map has them all). */
const MAX_ROWS = 1000;

export interface ListViewOptions {
  t: Translate;
  lang: Lang;
  /** Names become buttons that open a node; omitted (read-only): plain text. */
  onOpen?: (node: MapNode) => void;
  /** The level of each kind's heading. */
  headingLevel?: 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
  /** A list of links to each kind's table (off where in-page anchors don't work, e.g. shadow DOM). */
  jumpLinks?: boolean;
}

export function listView(map: GraphMap, options: ListViewOptions): HTMLElement {
  const { t, onOpen } = options;
  const Heading = options.headingLevel ?? 'h2';
  const byKey = new Map(map.nodes.map((n) => [n.key, n]));
  const links = new Map<string, { key: MessageKey; other: MapNode }[]>();
  const add = (from: string, key: MessageKey, other: MapNode | undefined) => {
    if (!other) return;
    (links.get(from) ?? links.set(from, []).get(from))?.push({ key, other });
  };
  for (const e of map.edges) {
    add(e.sourceKey, `edgeOut.${e.kind}`, byKey.get(e.targetKey));
    add(e.targetKey, `edgeIn.${e.kind}`, byKey.get(e.sourceKey));
  }
  const l = options.lang;
  const name = (node: MapNode) =>
    onOpen
      ? h('button', {
          class: 'link-button',
          attrs: { type: 'button', 'data-key': node.key },
          on: { click: () => onOpen(node) },
          text: node.label,
        })
      : h('span', { attrs: { 'data-key': node.key }, text: node.label });
  const root = h('div', { class: 'list-view', attrs: { 'data-testid': 'list-view' } });
  root.append(
    h('p', {
      class: 'hint',
      text: t('list.intro', { nodes: num(l, map.nodes.length, 0), edges: num(l, map.edges.length, 0) }),
    }),
  );
  const nav = h('ul', { class: 'list-jump' });
  if (options.jumpLinks !== false) root.append(h('nav', { attrs: { 'aria-label': t('list.jump') } }, nav));
  for (const kind of KIND_ORDER) {
    const nodes = map.nodes.filter((n) => n.kind === kind).sort((a, b) => a.label.localeCompare(b.label));
    if (nodes.length === 0) continue;
    const id = nextId('list');
    nav.append(
      h('li', {}, h('a', { attrs: { href: `#${id}` }, text: `${t(`kinds.${kind}`)} (${num(l, nodes.length, 0)})` })),
    );
    const rows = nodes.slice(0, MAX_ROWS).map((node) => {
      const rel = (links.get(node.key) ?? []).sort((a, b) => t(a.key).localeCompare(t(b.key)));
      const groups = new Map<string, MapNode[]>();
      for (const r of rel) (groups.get(t(r.key)) ?? groups.set(t(r.key), []).get(t(r.key)))?.push(r.other);
      const cell =
        groups.size === 0
          ? h('span', { class: 'hint', text: t('list.none') })
          : h(
              'ul',
              { class: 'rel-list' },
              [...groups].map(([label, others]) =>
                h(
                  'li',
                  {},
                  h('span', { class: 'rel-label', text: `${label}: ` }),
                  others.flatMap((o, i) => [i > 0 ? ', ' : null, name(o)]),
                ),
              ),
            );
      return h('tr', {}, h('th', { attrs: { scope: 'row' } }, name(node)), h('td', {}, cell));
    });
    root.append(
      h(
        'section',
        { attrs: { 'aria-labelledby': id } },
        h(Heading, { attrs: { id, tabindex: -1 }, text: `${t(`kinds.${kind}`)} (${num(l, nodes.length, 0)})` }),
        h(
          'table',
          { class: 'data' },
          h('caption', { class: 'sr-only', text: t(`kinds.${kind}`) }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { attrs: { scope: 'col' }, text: t('list.name') }),
              h('th', { attrs: { scope: 'col' }, text: t('list.connections') }),
            ),
          ),
          h('tbody', {}, rows),
        ),
        nodes.length > MAX_ROWS
          ? h('p', { class: 'hint', text: t('list.more', { count: num(l, nodes.length - MAX_ROWS, 0) }) })
          : null,
      ),
    );
  }
  return root;
}
