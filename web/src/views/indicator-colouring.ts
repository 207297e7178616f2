/**
 * Programs on the map coloured by one indicator of their latest outcome row (CONTRACT.md
 * section 6): rates on their own 0–100% scale, median earnings from the lowest to the highest
 * shown; a program without the figure is drawn white and dashed ("no data"). The legend says
 * which indicator, the two ends of the scale, the "no data" look and how transitions are drawn.
 */
import { fetchProgramOutcomes, INDICATOR_NAMES, type IndicatorName, type ProgramOutcomes } from '../api/queries.ts';
import { lang, t } from '../i18n/i18n.ts';
import { h } from '../lib/dom.ts';
import { indicatorText } from '../lib/format.ts';
import { INDICATOR_HIGH, INDICATOR_LOW } from '../map/kinds.ts';

export const isIndicator = (v: string | null): v is IndicatorName =>
  v !== null && (INDICATOR_NAMES as readonly string[]).includes(v);

let outcomes: Promise<Map<string, ProgramOutcomes>> | undefined;
/** Every program's latest indicators, fetched once per page load. */
export function programOutcomes(): Promise<Map<string, ProgramOutcomes>> {
  outcomes ??= fetchProgramOutcomes().then((rows) => new Map(rows.map((r) => [r.id, r])));
  outcomes.catch(() => {
    outcomes = undefined;
  });
  return outcomes;
}

export interface Colouring {
  /** Node key → the figure scaled to 0..1, or null without data. */
  values: Map<string, number | null>;
  min: number;
  max: number;
}

export function colouring(
  name: IndicatorName,
  programIds: Iterable<string>,
  rows: ReadonlyMap<string, ProgramOutcomes>,
): Colouring {
  const raw = [...programIds].map((id) => [id, rows.get(id)?.indicators[name] ?? null] as const);
  const given = raw.map(([, v]) => v).filter((v): v is number => v !== null);
  const rate = name !== 'medianEarningsQ2';
  const min = rate ? 0 : given.length ? Math.min(...given) : 0;
  const max = rate ? 1 : given.length ? Math.max(...given) : 1;
  const span = max - min || 1;
  return {
    values: new Map(raw.map(([id, v]) => [`Program:${id}`, v === null ? null : (v - min) / span])),
    min,
    max,
  };
}

export function indicatorLegend(name: IndicatorName | '', scale: Colouring | undefined): HTMLElement {
  const l = lang();
  const parts: HTMLElement[] = [];
  if (name && scale) {
    parts.push(
      h('p', { class: 'legend-head', text: t('map.indicatorLegend', { indicator: t(`indicator.${name}`) }) }),
      h(
        'div',
        { class: 'indicator-legend' },
        h('span', { text: indicatorText(l, name, scale.min) }),
        h('span', {
          class: 'swatch swatch-scale',
          attrs: {
            'aria-hidden': 'true',
            style: `width: 6rem; background: linear-gradient(90deg, ${INDICATOR_LOW}, ${INDICATOR_HIGH})`,
          },
        }),
        h('span', { text: indicatorText(l, name, scale.max) }),
        h('span', {}, h('span', { class: 'swatch swatch-none', attrs: { 'aria-hidden': 'true' } }), t('map.noData')),
      ),
    );
  }
  parts.push(h('p', { class: 'hint', text: t('map.transitionsLegend') }));
  return h('div', { attrs: { 'data-testid': 'indicator-legend' } }, parts);
}
