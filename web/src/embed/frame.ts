/** The iframe page (/embed?region=…&pathway=…&view=…): one <pathway-map> filling the frame. */
import './embed.ts';

const params = new URLSearchParams(location.search);
const el = document.createElement('pathway-map');
for (const [param, attribute] of [
  ['region', 'region'],
  ['pathway', 'pathway'],
  ['partner', 'partner'],
  ['view', 'view'],
  ['lang', 'lang'],
  ['entry', 'entry-point'],
  ['household', 'household'],
] as const) {
  const value = params.get(param);
  // The element validates every value; here they only pass through as attributes.
  if (value) el.setAttribute(attribute, value);
}
// The frame is a page of its own: its title is the page's heading.
el.setAttribute('heading', '1');
const lang = params.get('lang') === 'es' ? 'es' : 'en';
document.documentElement.lang = lang;
const main = document.querySelector('main') as HTMLElement;
main.append(el);
