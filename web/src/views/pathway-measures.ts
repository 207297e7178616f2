/**
 * The pathway page's outcomes (CONTRACT.md section 6): the pooled indicators with how many of
 * the pathway's programs each figure counted, and a small funnel from enrolment through
 * completion and the next program to work. Every figure is text in a table; the bars only echo it.
 */
import type { PathwayMeasures, PooledName } from '../api/queries.ts';
import { lang, t } from '../i18n/i18n.ts';
import { h } from '../lib/dom.ts';
import { indicatorText, num } from '../lib/format.ts';
import { section, table } from './ui.ts';

export interface Funnel {
  enrolled: number;
  completed: number;
  continued: number;
  employed: number;
}

/** Sums over each program's latest row; continued counts transitions into the pathway's own programs. */
export function funnelOf(measures: PathwayMeasures): Funnel {
  const ids = new Set(measures.programs.map((p) => p.id));
  const out: Funnel = { enrolled: 0, completed: 0, continued: 0, employed: 0 };
  for (const p of measures.programs) {
    const row = p.outcomes[p.outcomes.length - 1];
    if (row) {
      out.enrolled += row.enrolled ?? 0;
      out.completed += row.completed ?? 0;
      out.employed += row.employedQ2 ?? 0;
    }
    for (const tr of p.transitionsOut) if (ids.has(tr.to.id)) out.continued += tr.continued;
  }
  return out;
}

export function pathwayMeasures(measures: PathwayMeasures): HTMLElement {
  const l = lang();
  const pooled = measures.indicators;
  const countedOf = (name: PooledName) => pooled.counted.find((c) => c.indicator === name)?.programs ?? 0;
  const names: PooledName[] = pooled.counted.map((c) => c.indicator);
  const figures = section(
    t('measures.title'),
    'h2',
    h('p', { class: 'hint', text: t('measures.hint') }),
    table(
      t('measures.title'),
      [t('measures.indicator'), t('measures.value'), t('measures.counted')],
      names.map((n) => [
        t(`indicator.${n}`),
        indicatorText(l, n, pooled[n]),
        t('measures.countedOf', { n: num(l, countedOf(n), 0), of: num(l, pooled.programs, 0) }),
      ]),
      true,
    ),
  );
  figures.setAttribute('data-testid', 'pooled');

  const funnel = funnelOf(measures);
  const stages: [string, number][] = [
    [t('measures.enrolled'), funnel.enrolled],
    [t('measures.completed'), funnel.completed],
    [t('measures.continued'), funnel.continued],
    [t('measures.employed'), funnel.employed],
  ];
  const widest = Math.max(1, funnel.enrolled);
  const funnelSection = section(
    t('measures.funnel'),
    'h2',
    funnel.enrolled === 0
      ? h('p', { text: t('measures.noData') })
      : [
          h('p', { class: 'hint', text: t('measures.funnelHint') }),
          table(
            t('measures.funnel'),
            [t('measures.stage'), t('measures.people')],
            stages.map(([label, n]) => [
              label,
              h(
                'span',
                { class: 'funnel-cell' },
                h('span', {
                  class: 'funnel-bar',
                  attrs: { 'aria-hidden': 'true', style: `width: ${Math.max(2, Math.round((n / widest) * 100))}%` },
                }),
                h('span', { class: 'funnel-n', text: num(l, n, 0) }),
              ),
            ]),
            true,
          ),
        ],
  );
  funnelSection.setAttribute('data-testid', 'funnel');
  return h('div', { class: 'pathway-measures' }, figures, funnelSection);
}
