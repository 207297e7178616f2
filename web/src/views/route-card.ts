/**
 * One route as a card: totals, pay along the way (a timeline), steps — programs and work steps
 * up a career ladder — with supports (and missing ones), exit points with wages, and a link that
 * downloads the route as a CTDL Pathway (CONTRACT.md section 8).
 */
import type { Route, RouteStep } from '../api/queries.ts';
import { type Lang, type Translate, vocabLabel } from '../i18n/i18n.ts';
import { h, nextId } from '../lib/dom.ts';
import { money, num, pct } from '../lib/format.ts';
import { routeTimeline } from './route-timeline.ts';

export interface RouteCardOptions {
  t: Translate;
  lang: Lang;
  /** "Show on map": omitted in read-only places. */
  onShow?: (route: Route) => void;
  shown?: boolean;
  headingLevel?: 'h2' | 'h3' | 'h4' | 'h5' | 'h6';
  /** The family-supporting wage the search used: drawn as a line on the timeline. */
  threshold?: number | null;
  /** The years netIncome counts (horizonMonths / 12); the total is labelled with them. */
  horizonYears?: number;
  /** "Download as CTDL": the address of the route's CTDL Pathway document; omitted where there is none. */
  pathwayHref?: string;
}

/** How a step is paid: the job it is paid as, pay while training, or none. */
function payNote(t: Translate, step: RouteStep): string {
  if (step.workingAs) return t('route.workingAs', { occupation: step.workingAs.title });
  return step.earnings > 0 ? t('route.trainingPay') : t('route.noPay');
}

function stepTitle(t: Translate, step: RouteStep): HTMLElement {
  if (step.kind === 'WORK' && step.edge) {
    return h(
      'p',
      { class: 'step-title' },
      h('span', { class: 'step-kind step-kind-work', text: t('route.working') }),
      ' ',
      h('strong', { text: t('route.workStep', { from: step.edge.from.title, to: step.edge.to.title }) }),
    );
  }
  return h(
    'p',
    { class: 'step-title' },
    h('span', { class: 'step-kind', text: t('route.learning') }),
    ' ',
    h('strong', { text: step.program?.name ?? '' }),
    ' — ',
    step.provider?.name ?? '',
  );
}

export function familyMark(t: Translate, supporting: boolean): HTMLElement {
  return h(
    'span',
    { class: supporting ? 'mark mark-yes' : 'mark mark-no' },
    h('span', { attrs: { 'aria-hidden': 'true' }, text: supporting ? '✓ ' : '✗ ' }),
    supporting ? t('route.familySupporting') : t('route.notFamilySupporting'),
  );
}

export function routeCard(route: Route, o: RouteCardOptions): HTMLElement {
  const { t, lang } = o;
  const titleId = nextId('route');
  const steps = h('ol', { class: 'steps' });
  if (route.steps.length === 0) steps.append(h('li', { text: t('route.noSteps') }));
  for (const step of route.steps) {
    const kinds = [...new Set(step.supports.map((s) => vocabLabel(t, 'support', s.kind)))];
    steps.append(
      h(
        'li',
        { class: step.kind === 'WORK' ? 'step step-work' : 'step', attrs: { 'data-kind': step.kind } },
        stepTitle(t, step),
        h('p', {
          class: 'step-facts',
          text: [
            t('route.when', { from: num(lang, step.startMonth), to: num(lang, step.startMonth + step.months) }),
            t('unit.months', { n: num(lang, step.months) }),
            step.kind === 'WORK' ? t('route.workFacts', { years: num(lang, step.edge?.years ?? 0) }) : null,
            step.kind === 'WORK' ? null : money(lang, step.cost),
            step.creditsGranted > 0 ? t('route.creditsGranted', { n: num(lang, step.creditsGranted) }) : null,
          ]
            .filter(Boolean)
            .join(' · '),
        }),
        h(
          'p',
          { class: `step-pay${step.earnings > 0 ? ' step-paid' : ''}`, attrs: { 'data-testid': 'step-pay' } },
          [payNote(t, step), step.earnings > 0 ? t('route.stepEarnings', { money: money(lang, step.earnings) }) : null]
            .filter(Boolean)
            .join(' · '),
        ),
        step.awards.length > 0
          ? h(
              'p',
              {},
              h('span', { class: 'label', text: `${t('route.earns')}: ` }),
              step.awards.map((a) => a.name).join(', '),
            )
          : null,
        kinds.length > 0
          ? h(
              'p',
              { class: 'supports' },
              h('span', { class: 'label', text: `${t('route.supports')}: ` }),
              kinds.join(' · '),
            )
          : null,
        step.supports.length > 0
          ? h(
              'details',
              { class: 'support-names' },
              h('summary', { text: t('route.supportNames') }),
              h(
                'ul',
                {},
                step.supports.map((s) => h('li', { text: `${s.name} (${vocabLabel(t, 'support', s.kind)})` })),
              ),
            )
          : null,
        step.missingSupports.length > 0
          ? h(
              'p',
              { class: 'missing' },
              h('span', { attrs: { 'aria-hidden': 'true' }, text: '⚠ ' }),
              h('span', { class: 'label', text: `${t('route.missing')}: ` }),
              step.missingSupports.map((k) => vocabLabel(t, 'support', k)).join(', '),
            )
          : null,
      ),
    );
  }
  const exits = h('ul', { class: 'exits' });
  for (const exit of route.exitPoints) {
    exits.append(
      h(
        'li',
        {},
        h('span', { text: `${exit.occupation.title} — ${money(lang, exit.medianAnnual)} ` }),
        h('span', {
          class: 'hint',
          text: `(${exit.credential.name}, ${t('route.exitAt', { n: num(lang, exit.month) })}) `,
        }),
        familyMark(t, exit.familySupporting),
      ),
    );
  }
  const HeadingTag = o.headingLevel ?? 'h3';
  const SubTag = `h${Math.min(6, Number(HeadingTag.slice(1)) + 1)}` as 'h4';
  const card = h(
    'article',
    { class: 'route-card', attrs: { 'aria-labelledby': titleId, 'data-rank': route.rank } },
    h(
      'header',
      { class: 'route-head' },
      h(HeadingTag, {
        attrs: { id: titleId },
        text: t('route.title', { rank: route.rank, destination: route.destination.title }),
      }),
      familyMark(t, route.familySupporting),
    ),
    h(
      'dl',
      { class: 'totals' },
      h('div', {}, h('dt', { text: t('route.months') }), h('dd', { text: num(lang, route.totalMonths) })),
      h('div', {}, h('dt', { text: t('route.cost') }), h('dd', { text: money(lang, route.totalCost) })),
      h('div', {}, h('dt', { text: t('route.credits') }), h('dd', { text: num(lang, route.creditsGranted) })),
      h('div', {}, h('dt', { text: t('route.wage') }), h('dd', { text: money(lang, route.destinationWage) })),
      h(
        'div',
        {},
        h('dt', { text: t('route.netIncome', { years: num(lang, o.horizonYears ?? 5) }) }),
        h('dd', { text: money(lang, route.netIncome) }),
      ),
      h(
        'div',
        {},
        h('dt', { text: t('route.likelihood') }),
        h('dd', {
          text:
            route.completionLikelihood === null
              ? t('route.likelihoodUnknown')
              : [
                  pct(lang, route.completionLikelihood, 1),
                  route.unmeasuredFactors > 0 ? t('route.likelihoodLeftOut', { n: route.unmeasuredFactors }) : null,
                ]
                  .filter(Boolean)
                  .join(' · '),
        }),
      ),
    ),
    h(SubTag, { text: t('route.timeline') }),
    routeTimeline(route, { t, lang, threshold: o.threshold }),
    h(SubTag, { text: t('route.steps') }),
    steps,
    route.exitPoints.length > 0 ? h(SubTag, { text: t('route.exits') }) : null,
    route.exitPoints.length > 0 ? exits : null,
  );
  if (o.onShow) {
    const show = h('button', {
      class: 'btn show-route no-print',
      attrs: { type: 'button', 'aria-pressed': String(Boolean(o.shown)) },
      text: t('route.showOnMap'),
    });
    show.addEventListener('click', () => o.onShow?.(route));
    card.append(show);
  }
  if (o.pathwayHref) {
    // A link, not a script: the browser downloads the server's document (content-disposition).
    card.append(
      h(
        'a',
        {
          class: 'btn download-ctdl no-print',
          attrs: { href: o.pathwayHref, download: `route-${route.rank}.ctdl.jsonld`, type: 'application/ld+json' },
        },
        t('route.downloadCtdl'),
        h('span', { class: 'sr-only', text: ` (${t('route.downloadCtdlHint', { rank: route.rank })})` }),
      ),
    );
  }
  return card;
}

/** The map keys a route touches: entry point, programs, credentials earned, destination. */
export function routeKeys(route: Route, entryPointId?: string, heldIds: string[] = []): Set<string> {
  const keys = new Set<string>();
  if (entryPointId) keys.add(`EntryPoint:${entryPointId}`);
  for (const id of heldIds) keys.add(`Credential:${id}`);
  for (const step of route.steps) {
    if (step.program) keys.add(`Program:${step.program.id}`);
    if (step.edge) keys.add(`Occupation:${step.edge.from.id}`).add(`Occupation:${step.edge.to.id}`);
    for (const a of step.awards) keys.add(`Credential:${a.id}`);
  }
  keys.add(`Occupation:${route.destination.id}`);
  return keys;
}
