/**
 * The web app: a shell (skip link, header with the views and the language switch, main, a
 * polite live region) and a history router over the app's own paths.
 */
import './styles/app.css';
import type { Page, PageContext } from './app/page.ts';
import { matchRoute, type View } from './app/routes.ts';
import { isLang, LANGS, type Lang, lang, setLang, t } from './i18n/i18n.ts';
import { clear, h } from './lib/dom.ts';
import { renderAnalystPage } from './views/analyst-page.ts';
import { renderMapPage } from './views/map-page.ts';
import { renderNavigatorPage } from './views/navigator-page.ts';
import { renderPathwayPage } from './views/pathway-page.ts';

interface ViewDef {
  page: Page;
  nav: 'map' | 'navigator' | 'analyst';
  title: 'page.map' | 'page.navigator' | 'page.analyst' | 'page.pathway';
}
/** What each view of the route table (app/routes.json) renders. */
const VIEWS: Record<View, ViewDef> = {
  map: { page: renderMapPage, nav: 'map', title: 'page.map' },
  navigator: { page: renderNavigatorPage, nav: 'navigator', title: 'page.navigator' },
  analyst: { page: renderAnalystPage, nav: 'analyst', title: 'page.analyst' },
  pathway: { page: renderPathwayPage, nav: 'analyst', title: 'page.pathway' },
};

const STORAGE_KEY = 'pathway-graph.lang';
function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.search).get('lang');
  if (isLang(fromUrl)) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage may be off; English then.
  }
  return navigator.language?.toLowerCase().startsWith('es') ? 'es' : 'en';
}

const root = document.getElementById('app') as HTMLElement;
const announcer = h('div', { class: 'sr-only', attrs: { 'aria-live': 'polite', 'data-testid': 'announcer' } });
let cleanup: (() => void) | undefined;

function announce(text: string) {
  announcer.textContent = '';
  // A fresh text node each time so repeated messages are read again.
  setTimeout(() => {
    announcer.textContent = text;
  }, 50);
}

function navigate(path: string) {
  history.pushState(null, '', path);
  render();
}

function render() {
  cleanup?.();
  cleanup = undefined;
  document.documentElement.lang = lang();
  const path = decodeURI(location.pathname).replace(/\/+$/, '') || '/';
  const found = matchRoute(path);
  const match = found && { r: VIEWS[found.route.view], params: found.params };
  clear(root);

  const langSelect = h('select', { attrs: { id: 'lang-select' } });
  for (const l of LANGS) {
    const option = h('option', { attrs: { value: l, lang: l }, text: t(`langName.${l}`) });
    option.selected = l === lang();
    langSelect.append(option);
  }
  langSelect.addEventListener('change', () => {
    if (!isLang(langSelect.value)) return;
    setLang(langSelect.value);
    try {
      localStorage.setItem(STORAGE_KEY, langSelect.value);
    } catch {
      // ignore
    }
    const params = new URLSearchParams(location.search);
    if (params.has('lang')) {
      params.set('lang', langSelect.value);
      history.replaceState(null, '', `${location.pathname}?${params}`);
    }
    render();
    (document.getElementById('lang-select') as HTMLSelectElement | null)?.focus();
  });

  const navLink = (key: 'map' | 'navigator' | 'analyst', href: string) =>
    h('a', {
      attrs: { href, 'data-link': true, 'aria-current': match?.r.nav === key ? 'page' : undefined },
      text: t(`nav.${key}`),
    });
  const main = h('main', { attrs: { id: 'main', tabindex: -1 } });
  root.append(
    h('a', { class: 'skip-link', attrs: { href: '#main' }, text: t('app.skip') }),
    h(
      'header',
      { class: 'app-header' },
      h('a', { class: 'brand', attrs: { href: '/', 'data-link': true }, text: t('app.title') }),
      h(
        'nav',
        { attrs: { 'aria-label': t('nav.label') } },
        h(
          'ul',
          {},
          h('li', {}, navLink('map', '/map')),
          h('li', {}, navLink('navigator', '/navigator')),
          h('li', {}, navLink('analyst', '/analyst')),
        ),
      ),
      h(
        'div',
        { class: 'lang-switch' },
        h('label', { attrs: { for: 'lang-select' }, text: t('app.language') }),
        langSelect,
      ),
    ),
    main,
    h('footer', { class: 'app-footer' }, h('p', { text: t('footer.credit') })),
    announcer,
  );

  if (!match) {
    document.title = t('app.title');
    main.append(
      h('h1', { text: t('page.notFound') }),
      h('p', {}, h('a', { attrs: { href: '/', 'data-link': true }, text: t('page.home') })),
    );
    return;
  }
  document.title = `${t(match.r.title)} — ${t('app.title')}`;
  const ctx: PageContext = {
    params: new URLSearchParams(location.search),
    pathParams: match.params,
    setParams(params, push = false) {
      if (isLang(new URLSearchParams(location.search).get('lang'))) params.set('lang', lang());
      const qs = params.toString();
      const url = `${location.pathname}${qs ? `?${qs}` : ''}`;
      if (url === `${location.pathname}${location.search}`) return;
      if (push) history.pushState(null, '', url);
      else history.replaceState(null, '', url);
    },
    navigate,
    announce,
  };
  cleanup = match.r.page(main, ctx);
}

// Internal links go through the router; everything else is left to the browser.
document.addEventListener('click', (event) => {
  const a = (event.target as Element | null)?.closest?.('a[data-link]') as HTMLAnchorElement | null;
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const url = new URL(a.href);
  if (url.origin !== location.origin) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
  (document.getElementById('main') as HTMLElement | null)?.focus();
});
window.addEventListener('popstate', render);

setLang(initialLang());
render();
