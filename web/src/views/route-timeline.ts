/**
 * A route as a timeline a participant reads at a glance (CONTRACT.md section 5): learning and
 * work phases to scale along the months, the pay of each phase as a step band (then the
 * destination's pay), the family-supporting line, the first paycheck, the months without pay,
 * and the exit points where they become reachable. A small hand-drawn SVG: a chart library
 * would outweigh the rest of the card, and the figures all come from the API as they are.
 */
import type { Route, RouteStep } from '../api/queries.ts';
import type { Lang, Translate } from '../i18n/i18n.ts';
import { h, nextId, svg } from '../lib/dom.ts';
import { money, num } from '../lib/format.ts';

/** One phase of the timeline: a step, or the destination job after the last step. */
export interface Phase {
  kind: 'LEARN' | 'WORK' | 'AFTER';
  start: number;
  end: number;
  /** Annual pay during the phase (the step's monthly rate × 12); 0 when it pays nothing. */
  annualPay: number;
  /**
   * How it is drawn: LEARN unpaid, PAID a training wage (apprenticeship), EARNING learning while
   * paid as a job already held (evening, weekend, online), WORK a work step, AFTER the destination.
   */
  look: 'LEARN' | 'PAID' | 'EARNING' | 'WORK' | 'AFTER';
  label: string;
}

export interface TimelineModel {
  /** The months drawn: the route and a stretch of the destination job after it. */
  span: number;
  phases: Phase[];
  learnMonths: number;
  workMonths: number;
  /** The highest pay drawn, with the family-supporting line (for the pay scale). */
  payMax: number;
}

/** A step's label: its program, or for a work step the occupation it works in. */
export function stepLabel(step: RouteStep): string {
  return step.kind === 'WORK' ? (step.edge?.from.title ?? '') : (step.program?.name ?? '');
}

/** The timeline's figures, with no DOM: phases to scale and the pay scale. */
export function timelineModel(route: Route, threshold: number | null): TimelineModel {
  const phases: Phase[] = [];
  let learnMonths = 0;
  let workMonths = 0;
  for (const step of route.steps) {
    const work = step.kind === 'WORK';
    if (work) workMonths += step.months;
    else learnMonths += step.months;
    const annualPay = step.months > 0 ? (step.earnings / step.months) * 12 : 0;
    phases.push({
      kind: work ? 'WORK' : 'LEARN',
      start: step.startMonth,
      end: step.startMonth + step.months,
      annualPay,
      look: work ? 'WORK' : annualPay <= 0 ? 'LEARN' : step.workingAs ? 'EARNING' : 'PAID',
      label: stepLabel(step),
    });
  }
  const total = route.totalMonths;
  // After the route: enough of the destination job to read its pay, at least a year's width.
  const span = Math.max(12, total + Math.max(6, total * 0.2));
  phases.push({
    kind: 'AFTER',
    start: total,
    end: span,
    annualPay: route.destinationWage ?? 0,
    look: 'AFTER',
    label: route.destination.title,
  });
  const payMax = Math.max(1, threshold ?? 0, ...phases.map((p) => p.annualPay));
  return { span, phases, learnMonths, workMonths, payMax };
}

/** A tick every 3, 6, 12 or 24 months, whichever gives at most about eight. */
function tickStep(span: number): number {
  for (const step of [3, 6, 12, 24, 60]) if (span / step <= 8) return step;
  return 120;
}

// Drawn with presentation attributes, not a stylesheet, so the chart looks the same in the app,
// in print and inside the embed's shadow root.
const INK = '#1b1b1b';
const MUTED = '#555555';
const LOOK = {
  LEARN: { fill: '#d6e6f7', stroke: '#0b5cad' },
  PAID: { fill: '#c9ece4', stroke: '#00665c' },
  EARNING: { fill: '#e6e0f3', stroke: '#5b3f8c' },
  WORK: { fill: '#fbe3c4', stroke: '#8a4600' },
  AFTER: { fill: '#ececec', stroke: '#777777' },
} as const;
const TEXT = { 'font-size': 11, fill: INK, 'font-family': 'inherit' };
const SMALL = { 'font-size': 10, fill: MUTED, 'font-family': 'inherit' };

const W = 540;
const LEFT = 100;
const RIGHT = 12;
const BAND_TOP = 8;
const BAND_H = 30;
const PAY_TOP = 56;
const PAY_H = 90;
const AXIS_Y = PAY_TOP + PAY_H;
const FIRST_Y = AXIS_Y + 30;
const EXIT_Y = FIRST_Y + 20;
const HEIGHT = EXIT_Y + 34;

/** Text cut to fit a width (about 6.2 px a character at 11 px). */
function fit(text: string, width: number): string {
  const max = Math.floor((width - 6) / 6.2);
  if (max < 3) return '';
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export interface TimelineOptions {
  t: Translate;
  lang: Lang;
  /** The family-supporting wage (annual) the search used; no line without it. */
  threshold?: number | null;
}

export function routeTimeline(route: Route, o: TimelineOptions): HTMLElement {
  const { t, lang } = o;
  const threshold = o.threshold ?? null;
  const model = timelineModel(route, threshold);
  const x = (month: number) => LEFT + (month / model.span) * (W - LEFT - RIGHT);
  const y = (pay: number) => AXIS_Y - (pay / (model.payMax * 1.1)) * PAY_H;
  const titleId = nextId('timeline');
  const summary = [
    `${t('route.summaryTotal', { months: num(lang, route.totalMonths), learn: num(lang, model.learnMonths) })}${
      model.workMonths > 0 ? `, ${t('route.summaryWork', { work: num(lang, model.workMonths) })}` : ''
    }.`,
    route.steps.length > 0
      ? t('route.summaryPay', { first: num(lang, route.firstPaycheckMonth), unpaid: num(lang, route.monthsWithoutPay) })
      : null,
    t('route.summaryAfter', { destination: route.destination.title, wage: money(lang, route.destinationWage) }),
  ]
    .filter(Boolean)
    .join(' ');
  const chart = svg('svg', {
    class: 'timeline-chart',
    viewBox: `0 0 ${W} ${HEIGHT}`,
    role: 'img',
    'aria-labelledby': titleId,
    'data-testid': 'timeline-chart',
  });
  chart.append(svg('title', { id: titleId }, summary));

  // Phases to scale: learning, working, then the destination job.
  chart.append(svg('text', { x: 4, y: BAND_TOP + BAND_H / 2 + 4, ...SMALL }, t('route.timeline')));
  for (const phase of model.phases) {
    const x0 = x(phase.start);
    const width = Math.max(1, x(phase.end) - x0);
    const paidTraining = phase.look === 'PAID';
    const label = phase.kind === 'AFTER' ? t('route.after', { occupation: phase.label }) : phase.label;
    chart.append(
      svg(
        'g',
        {
          class: `tl-phase tl-${phase.kind.toLowerCase()}${paidTraining ? ' tl-paid' : ''}`,
          'data-kind': phase.kind,
          'data-look': phase.look,
        },
        svg('rect', {
          x: x0,
          y: BAND_TOP,
          width,
          height: BAND_H,
          rx: 3,
          ...LOOK[phase.look],
          'stroke-dasharray': phase.kind === 'AFTER' ? '4 3' : undefined,
        }),
        svg('text', { x: x0 + 4, y: BAND_TOP + BAND_H / 2 + 4, ...TEXT }, fit(label, width)),
        svg('title', {}, label),
      ),
    );
  }

  // Pay along the way: a step band of annual pay; months without pay marked on the axis.
  chart.append(svg('text', { x: 4, y: PAY_TOP + 12, ...SMALL }, t('route.payAxis')));
  let d = `M ${x(0)} ${AXIS_Y}`;
  for (const phase of model.phases) {
    d += ` L ${x(phase.start)} ${y(phase.annualPay)} L ${x(phase.end)} ${y(phase.annualPay)}`;
  }
  d += ` L ${x(model.span)} ${AXIS_Y} Z`;
  chart.append(svg('path', { d, class: 'tl-pay', fill: '#e3f1e6', stroke: '#0f5123', 'stroke-width': 1.5 }));
  for (const phase of model.phases) {
    if (phase.annualPay > 0 && x(phase.end) - x(phase.start) > 44) {
      chart.append(
        svg(
          'text',
          { x: x(phase.start) + 3, y: y(phase.annualPay) + 12, ...TEXT, fill: '#0f5123' },
          money(lang, phase.annualPay),
        ),
      );
    }
    if (phase.annualPay === 0 && phase.end > phase.start) {
      chart.append(
        svg(
          'rect',
          {
            x: x(phase.start),
            y: AXIS_Y - 6,
            width: x(phase.end) - x(phase.start),
            height: 6,
            class: 'tl-unpaid',
            fill: '#8a4600',
          },
          svg('title', {}, t('route.noPay')),
        ),
      );
    }
  }
  if (threshold !== null) {
    chart.append(
      svg('line', {
        x1: x(0),
        x2: x(model.span),
        y1: y(threshold),
        y2: y(threshold),
        class: 'tl-family',
        stroke: '#a4161a',
        'stroke-width': 1.5,
        'stroke-dasharray': '6 4',
      }),
      svg(
        'text',
        { x: x(0) + 3, y: y(threshold) - 4, ...TEXT, fill: '#a4161a' },
        `${t('route.familyLine')} ${money(lang, threshold)}`,
      ),
    );
  }

  // The month axis.
  chart.append(svg('line', { x1: x(0), x2: x(model.span), y1: AXIS_Y, y2: AXIS_Y, stroke: MUTED }));
  const every = tickStep(model.span);
  for (let m = 0; m <= model.span; m += every) {
    chart.append(
      svg('line', { x1: x(m), x2: x(m), y1: AXIS_Y, y2: AXIS_Y + 4, stroke: MUTED }),
      svg('text', { x: x(m), y: AXIS_Y + 15, 'text-anchor': 'middle', ...SMALL }, num(lang, m)),
    );
  }
  chart.append(svg('text', { x: 4, y: AXIS_Y + 15, ...SMALL }, t('route.monthAxis')));

  // The first paycheck.
  if (route.steps.length > 0) {
    const fx = x(route.firstPaycheckMonth);
    chart.append(
      svg(
        'g',
        { class: 'tl-first', 'data-testid': 'first-paycheck' },
        svg('line', { x1: fx, x2: fx, y1: BAND_TOP, y2: FIRST_Y - 8, stroke: '#0b5cad', 'stroke-dasharray': '2 2' }),
        svg('path', {
          d: `M ${fx - 5} ${FIRST_Y} L ${fx + 5} ${FIRST_Y} L ${fx} ${FIRST_Y - 8} Z`,
          fill: '#0b5cad',
        }),
        svg(
          'text',
          {
            x: fx > W - 180 ? fx - 7 : fx + 7,
            y: FIRST_Y,
            'text-anchor': fx > W - 180 ? 'end' : 'start',
            ...TEXT,
            fill: '#0b5cad',
          },
          t('route.firstPaycheckAt', { n: num(lang, route.firstPaycheckMonth) }),
        ),
      ),
    );
  }

  // Exit points where they become reachable; labels alternate rows so that close ones stay legible.
  route.exitPoints.forEach((exit, i) => {
    const ex = x(exit.month);
    const row = i % 2;
    const label = `${exit.occupation.title} ${money(lang, exit.medianAnnual)}`;
    chart.append(
      svg(
        'g',
        { class: `tl-exit${exit.familySupporting ? ' tl-exit-family' : ''}`, 'data-month': exit.month },
        svg('circle', {
          cx: ex,
          cy: EXIT_Y,
          r: 5,
          fill: exit.familySupporting ? '#0f5123' : '#ffffff',
          stroke: exit.familySupporting ? '#0f5123' : MUTED,
          'stroke-width': 2,
        }),
        svg(
          'text',
          {
            x: ex,
            y: EXIT_Y + 16 + row * 12,
            'text-anchor': ex < LEFT + 60 ? 'start' : ex > W - 120 ? 'end' : 'middle',
            ...SMALL,
            fill: INK,
          },
          fit(label, 200),
        ),
        svg('title', {}, `${label} (${exit.credential.name}), ${t('route.exitAt', { n: num(lang, exit.month) })}`),
      ),
    );
  });

  const facts = h(
    'dl',
    { class: 'totals pay-facts' },
    h(
      'div',
      {},
      h('dt', { text: t('route.firstPaycheck') }),
      h('dd', { text: t('route.month', { n: num(lang, route.firstPaycheckMonth) }) }),
    ),
    h('div', {}, h('dt', { text: t('route.monthsWithoutPay') }), h('dd', { text: num(lang, route.monthsWithoutPay) })),
    h(
      'div',
      {},
      h('dt', { text: t('route.earningsDuring') }),
      h('dd', { text: money(lang, route.earningsDuringRoute) }),
    ),
  );
  // What the colours mean, drawn with the same swatches (only those the route has, and the line).
  const swatch = (look: { fill: string; stroke: string }, label: string) =>
    h(
      'li',
      {},
      svg(
        'svg',
        { width: 14, height: 10, 'aria-hidden': 'true', class: 'tl-swatch' },
        svg('rect', { x: 0.5, y: 0.5, width: 13, height: 9, rx: 2, ...look }),
      ),
      label,
    );
  const kinds = new Set(model.phases.map((p) => p.look));
  const legend = h(
    'ul',
    { class: 'timeline-legend' },
    kinds.has('LEARN') ? swatch(LOOK.LEARN, t('route.learning')) : null,
    kinds.has('PAID') ? swatch(LOOK.PAID, t('route.trainingPay')) : null,
    kinds.has('EARNING') ? swatch(LOOK.EARNING, t('route.learningWhileWorking')) : null,
    kinds.has('WORK') ? swatch(LOOK.WORK, t('route.working')) : null,
    route.monthsWithoutPay > 0 ? swatch({ fill: '#8a4600', stroke: '#8a4600' }, t('route.noPay')) : null,
    threshold !== null ? swatch({ fill: '#ffffff', stroke: '#a4161a' }, t('route.familyLine')) : null,
  );
  return h(
    'figure',
    { class: 'timeline', attrs: { 'data-testid': 'timeline' } },
    chart,
    legend,
    h('figcaption', { class: 'timeline-caption', text: summary }),
    facts,
  );
}
