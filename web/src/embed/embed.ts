/**
 * The `<pathway-map>` custom element (built alone as /embed.js, an IIFE that defines no
 * globals): shadow DOM, read-only, attributes region, pathway, partner, view (map|routes), lang,
 * entry-point, household and heading (the title's level, 1–6). Methods: fit(), highlightRoute(rank), setFilter({ kinds }).
 */
import { adoptStyles, embedCss } from './embed-style.ts';
import { mountPathwayMap, type PathwayMapHandle } from './mount.ts';

// The API lives where this script came from (a module import has no currentScript: same origin).
const script = document.currentScript as HTMLScriptElement | null;
const apiBase = script?.src ? new URL(script.src, location.href).origin : '';
const ownOrigin = apiBase === location.origin ? '' : apiBase;

const ATTRIBUTES = ['region', 'pathway', 'partner', 'view', 'lang', 'entry-point', 'household', 'heading'] as const;

class PathwayMapElement extends HTMLElement {
  static readonly observedAttributes = [...ATTRIBUTES];
  private handle: PathwayMapHandle | undefined;
  private scheduled = false;
  readonly #root: ShadowRoot;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.#root, embedCss());
  }

  connectedCallback(): void {
    this.schedule();
  }

  disconnectedCallback(): void {
    this.handle?.destroy();
    this.handle = undefined;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.schedule();
  }

  /** One remount for a burst of attribute changes. */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (!this.isConnected) return;
      this.handle?.destroy();
      const lang = this.getAttribute('lang') ?? (document.documentElement.lang.startsWith('es') ? 'es' : 'en');
      this.handle = mountPathwayMap(this.#root, {
        region: this.getAttribute('region') ?? '',
        pathway: this.getAttribute('pathway') ?? undefined,
        partner: this.getAttribute('partner') ?? undefined,
        view: (this.getAttribute('view') ?? 'map') as 'map',
        lang: lang as 'en',
        entryPoint: this.getAttribute('entry-point') ?? undefined,
        household: this.getAttribute('household') ?? undefined,
        apiBase: ownOrigin,
        headingLevel: this.hasAttribute('heading') ? Number(this.getAttribute('heading')) : undefined,
      });
      void this.handle.ready.then(() => this.dispatchEvent(new CustomEvent('pathway-map:ready')));
    });
  }

  fit(): void {
    this.handle?.fit();
  }

  highlightRoute(rank = 1): Promise<number> {
    return this.handle?.highlightRoute(rank) ?? Promise.resolve(0);
  }

  setFilter(filter: { kinds?: string[] }): void {
    this.handle?.setFilter(filter as Parameters<PathwayMapHandle['setFilter']>[0]);
  }
}

if (!customElements.get('pathway-map')) customElements.define('pathway-map', PathwayMapElement);
