/**
 * The embed's stylesheet, inside its shadow root. Host pages theme it with CSS variables on
 * the element: --pm-font, --pm-text, --pm-muted, --pm-bg, --pm-border, --pm-accent,
 * --pm-height, --pm-radius, and one colour per node kind (--pm-program, --pm-credential, …).
 */
import { ENTITY_KINDS, MAP_EDGE_KINDS } from '../lib/vocab.ts';
import { EDGE_LOOKS, NODE_LOOKS } from '../map/kinds.ts';

export function embedCss(): string {
  const kinds = ENTITY_KINDS.map((k) => {
    const look = NODE_LOOKS[k];
    const v = `var(${look.cssVar}, ${look.color})`;
    return `.pm-kind-${k} .pm-shape, .legend-kind-${k} { fill: ${v}; }`;
  }).join('\n');
  const edges = MAP_EDGE_KINDS.map(
    (k) =>
      `.pm-edge-${k} { stroke: ${EDGE_LOOKS[k].color}; stroke-width: ${EDGE_LOOKS[k].width}; opacity: ${EDGE_LOOKS[k].flow ? 0.9 : 0.5}; }`,
  ).join('\n');
  return `
:host { display: block; font-family: var(--pm-font, system-ui, "DejaVu Sans", sans-serif); color: var(--pm-text, #1b1b1b);
  background: var(--pm-bg, #ffffff); border: 1px solid var(--pm-border, #c8c8c8); border-radius: var(--pm-radius, 8px);
  overflow: hidden; contain: content; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.pm { display: flex; flex-direction: column; gap: 0.5rem; padding: 0.75rem; }
.pm-head { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.5rem; }
.pm-title { font-size: 1.05rem; margin: 0; }
.pm-link { color: var(--pm-accent, #0b5cad); font-size: 0.9rem; }
.pm-svg { width: 100%; height: var(--pm-height, 420px); display: block; background: var(--pm-bg, #ffffff);
  cursor: grab; touch-action: none; border-radius: 4px; }
.pm-svg:focus-visible, button:focus-visible, summary:focus-visible, a:focus-visible { outline: 3px solid var(--pm-accent, #0b5cad); outline-offset: 2px; }
.pm-shape { stroke: #333333; stroke-width: 1; }
.pm-label { font-size: 15px; fill: var(--pm-text, #1b1b1b); paint-order: stroke; stroke: var(--pm-bg, #ffffff); stroke-width: 3px; }
.pm-arrow { fill: #888888; }
.pm-node.pm-off, .pm-edge.pm-off { opacity: 0.15; }
.support-names { font-size: 0.85rem; } .support-names ul { margin: 0; padding-left: 1.1rem; }
.pm-node.pm-on .pm-shape { stroke: #111111; stroke-width: 3.5; }
.pm-node.pm-on .pm-label { font-weight: 700; }
.pm-edge.pm-on { stroke-width: 5; opacity: 1; }
${kinds}
${edges}
.pm-partner { margin-top: 0.75rem; }
.pm-partner ul { margin: 0.25rem 0 0.5rem; padding-left: 1.25rem; }
.pm-hint, .hint { color: var(--pm-muted, #555555); font-size: 0.85rem; margin: 0; }
.pm-error { color: #a4161a; font-weight: 600; }
details > summary { cursor: pointer; color: var(--pm-accent, #0b5cad); }
.legend-list { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; list-style: none; padding: 0; margin: 0.25rem 0; font-size: 0.85rem; }
.legend-list li { display: flex; align-items: center; gap: 0.3rem; }
.legend-head { font-size: 0.9rem; margin: 0.5rem 0 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #dddddd; padding: 0.3rem; }
.rel-list { list-style: none; margin: 0; padding: 0; }
.rel-label { color: var(--pm-muted, #555555); }
.list-view h3 { font-size: 0.95rem; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.cards { display: grid; gap: 0.75rem; }
.route-card { border: 1px solid var(--pm-border, #c8c8c8); border-radius: 6px; padding: 0.6rem 0.8rem; }
.route-head { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: baseline; justify-content: space-between; }
.route-head > :first-child { margin: 0; font-size: 1rem; }
.route-card :is(h3, h4, h5, h6):not(.route-head > *) { margin: 0.6rem 0 0.2rem; font-size: 0.9rem; }
.totals { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0.4rem 0; }
.totals dt { font-size: 0.8rem; color: var(--pm-muted, #555555); }
.totals dd { margin: 0; font-weight: 600; }
.steps { margin: 0; padding-left: 1.3rem; }
.steps p { margin: 0.1rem 0; }
.label { color: var(--pm-muted, #555555); }
.exits { margin: 0; padding-left: 1.1rem; }
.mark { display: inline-block; font-size: 0.8rem; font-weight: 600; padding: 0 0.4rem; border-radius: 999px; }
.mark-yes { background: #dff3e4; color: #0f5123; }
.mark-no { background: #f1f1f1; color: #4a4a4a; }
.missing { color: #8a4600; }
`;
}

/** Applies the stylesheet to a shadow root: a constructed sheet (not blocked by a host page's CSP), else a <style>. */
export function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
