/**
 * The side panel for one node: its details, its neighbours (each a button that moves the map
 * and the panel there) and its outcomes — program cohorts, occupation wages.
 */
import { fetchNode, INDICATOR_NAMES, type Indicators, type NodeDetail, type Ref } from '../api/queries.ts';
import { lang, type MessageKey, t, vocabLabel } from '../i18n/i18n.ts';
import { append, type Child, type Children, clear, h, nextId, safeUrl } from '../lib/dom.ts';
import { indicatorText, money, num, pct } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import { ENTITY_KINDS, type EntityKind } from '../lib/vocab.ts';
import { button, errorBox, loading, table } from './ui.ts';

export interface NodePanelOptions {
  /** A neighbour was chosen: show it (kind and id). */
  onOpen: (kind: EntityKind, id: string) => void;
  onClose: () => void;
}

type Rel = [MessageKey, EntityKind, Ref[] | null | undefined];

export class NodePanel {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private readonly titleId = nextId('panel-title');
  private readonly request = new LatestRequest();

  constructor(private readonly options: NodePanelOptions) {
    this.body = h('div', { class: 'panel-body' });
    this.el = h(
      'aside',
      { class: 'node-panel', attrs: { 'aria-labelledby': this.titleId, hidden: true, 'data-testid': 'node-panel' } },
      this.body,
    );
  }

  close(): void {
    this.request.cancel();
    this.el.hidden = true;
    clear(this.body);
  }

  async show(kind: EntityKind, id: string, regionId: string): Promise<void> {
    const request = this.request.start();
    this.el.hidden = false;
    clear(this.body);
    this.body.append(this.header(id, kind), loading(t('status.loading')));
    try {
      const node = await fetchNode(id, kind, regionId, { signal: request.signal });
      if (!request.current()) return;
      clear(this.body);
      if (!node) {
        this.body.append(this.header(id, kind), errorBox(t('panel.notFound')));
        return;
      }
      this.body.append(this.header(node.label, node.__typename));
      append(this.body, this.details(node));
      (this.body.querySelector('h2') as HTMLElement).focus();
    } catch (error) {
      if (!request.current()) return;
      clear(this.body);
      this.body.append(this.header(id, kind), errorBox((error as Error).message));
    }
  }

  private header(title: string, kind: EntityKind): HTMLElement {
    return h(
      'div',
      { class: 'panel-head' },
      h('p', { class: `kind-badge kind-${kind}`, text: t(`kind.${kind}`) }),
      h('h2', { attrs: { id: this.titleId, tabindex: -1 }, text: title }),
      button(t('panel.close'), () => this.options.onClose(), { class: 'btn btn-quiet panel-close' }),
    );
  }

  private refList(kind: EntityKind, refs: Ref[]): HTMLElement {
    return h(
      'ul',
      { class: 'ref-list' },
      refs.map((r) =>
        h(
          'li',
          {},
          h('button', {
            class: 'link-button',
            attrs: { type: 'button', 'data-key': `${kind}:${r.id}` },
            on: { click: () => this.options.onOpen(kind, r.id) },
            text: r.label,
          }),
        ),
      ),
    );
  }

  private details(node: NodeDetail): Child[] {
    const l = lang();
    const f = node as Record<string, unknown>;
    const facts: [MessageKey, Children][] = [[`field.id`, h('code', { text: node.id })]];
    const rels: Rel[] = [];
    const extra: Child[] = [];
    const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? v.map(String).join(', ') : null);
    switch (node.__typename) {
      case 'Program': {
        facts.push(
          ['field.months', t('unit.months', { n: num(l, f.months as number) })],
          ['field.cost', money(l, f.cost as number | null)],
          ['field.credits', num(l, f.credits as number | null)],
          ['field.modality', f.modality ? vocabLabel(t, 'modality', String(f.modality)) : null],
          ['field.schedules', list((f.schedules as string[]).map((s) => vocabLabel(t, 'schedule', s)))],
          ['field.languages', list((f.languages as string[]).map((s) => vocabLabel(t, 'lang', s)))],
          ['field.features', list((f.features as string[]).map((s) => vocabLabel(t, 'feature', s)))],
        );
        const provider = f.provider as Ref | null;
        rels.push(
          ['rel.provider', 'Partner', provider ? [provider] : []],
          ['rel.awards', 'Credential', f.awards as Ref[]],
          ['rel.requires', 'Credential', (f.requires as Ref[][]).flat()],
          ['rel.supports', 'Support', f.supports as Ref[]],
          ['rel.pathways', 'Pathway', f.pathways as Ref[]],
          ['rel.creditFrom', 'Credential', (f.articulations as { credential: Ref }[]).map((a) => a.credential)],
        );
        const groups = f.requires as Ref[][];
        if (groups.length > 1) {
          extra.push(
            h('p', {
              class: 'hint',
              text: t('panel.requiresGroups', {
                groups: groups.map((g) => g.map((c) => c.label).join(` ${t('word.or')} `)).join(` ${t('word.and')} `),
              }),
            }),
          );
        }
        const outcomes = f.outcomes as Record<string, number | null>[];
        extra.push(h('h3', { text: t('panel.outcomes') }));
        if (outcomes.length === 0) extra.push(h('p', { class: 'hint', text: t('panel.noOutcomes') }));
        else
          extra.push(
            table(
              t('panel.outcomes'),
              [
                t('outcome.cohortYear'),
                t('outcome.enrolled'),
                t('outcome.completed'),
                t('outcome.credentialAttained'),
                t('outcome.employedQ4'),
                t('outcome.medianEarningsQ2'),
              ],
              outcomes.map((o) => [
                String(o.cohortYear),
                num(l, o.enrolled, 0),
                `${num(l, o.completed, 0)} (${pct(l, o.completed, o.enrolled)})`,
                num(l, o.credentialAttained, 0),
                // WIOA indicator 2: employed in the 4th quarter after exit, of those who exited.
                `${num(l, o.employedQ4, 0)} (${pct(l, o.employedQ4, o.exiters)})`,
                money(l, o.medianEarningsQ2),
              ]),
              true,
            ),
          );
        const indicators = f.indicators as Indicators | undefined;
        if (indicators && indicators.cohortYear !== null) {
          extra.push(
            h('h3', { text: t('panel.indicators', { year: String(indicators.cohortYear) }) }),
            h(
              'dl',
              { class: 'facts', attrs: { 'data-testid': 'panel-indicators' } },
              INDICATOR_NAMES.flatMap((n) => [
                h('dt', { text: t(`indicator.${n}`) }),
                h('dd', { text: indicatorText(l, n, indicators[n]) }),
              ]),
            ),
          );
        }
        const onward = (f.transitionsOut ?? []) as {
          to: Ref;
          cohortYear: number;
          completers: number;
          continued: number;
          rate: number | null;
        }[];
        if (onward.length > 0) {
          extra.push(
            h('h3', { text: t('panel.transitionsOut') }),
            h(
              'ul',
              {},
              onward.map((tr) =>
                h('li', {
                  text: t('panel.transitionRow', {
                    program: tr.to.label,
                    continued: num(l, tr.continued, 0),
                    completers: num(l, tr.completers, 0),
                    rate: indicatorText(l, 'rate', tr.rate),
                    year: String(tr.cohortYear),
                  }),
                }),
              ),
            ),
          );
        }
        break;
      }
      case 'Credential': {
        facts.push(
          ['field.type', vocabLabel(t, 'credType', String(f.type))],
          ['field.portable', f.portable === null ? null : t(f.portable ? 'word.yes' : 'word.no')],
        );
        const issuer = f.issuer as Ref | null;
        rels.push(
          ['rel.issuer', 'Partner', issuer ? [issuer] : []],
          ['rel.awardedBy', 'Program', f.awardedBy as Ref[]],
          ['rel.requiredBy', 'Program', f.requiredBy as Ref[]],
          ['rel.qualifiesFor', 'Occupation', f.qualifiesFor as Ref[]],
          ['rel.stacksInto', 'Credential', (f.stacksInto as { credential: Ref }[]).map((s) => s.credential)],
          ['rel.creditToward', 'Program', (f.articulatesTo as { program: Ref }[]).map((a) => a.program)],
        );
        break;
      }
      case 'Occupation': {
        const wage = f.wage as Record<string, number | string | null> | null;
        facts.push(
          ['field.soc', (f.onetSoc as string | null) ?? (f.soc as string | null)],
          ['field.jobZone', f.jobZone === null ? null : String(f.jobZone)],
        );
        rels.push(
          ['rel.qualifyingCredentials', 'Credential', f.qualifyingCredentials as Ref[]],
          ['rel.advancesTo', 'Occupation', f.advancesTo as Ref[]],
          ['rel.employers', 'Partner', f.employers as Ref[]],
          ['rel.sectors', 'Sector', f.sectors as Ref[]],
        );
        extra.push(h('h3', { text: t('panel.wages') }));
        if (!wage) extra.push(h('p', { class: 'hint', text: t('panel.noWage') }));
        else
          extra.push(
            dl([
              [t('wage.median'), money(l, wage.medianAnnual as number)],
              [t('wage.p25'), money(l, wage.p25Annual as number | null)],
              [t('wage.p75'), money(l, wage.p75Annual as number | null)],
              [t('wage.employment'), num(l, wage.employment as number | null, 0)],
              [t('wage.openings'), num(l, wage.annualOpenings as number | null, 0)],
              [t('wage.source'), [wage.source, wage.year].filter(Boolean).join(', ') || null],
            ]),
          );
        break;
      }
      case 'Partner': {
        const url = safeUrl(f.url);
        facts.push(
          ['field.partnerKind', vocabLabel(t, 'partnerKind', String(f.partnerKind))],
          [
            'field.url',
            url ? h('a', { attrs: { href: url, rel: 'noopener noreferrer', target: '_blank' }, text: url }) : null,
          ],
        );
        rels.push(
          ['rel.offers', 'Program', f.programs as Ref[]],
          ['rel.issues', 'Credential', f.credentialsIssued as Ref[]],
        );
        break;
      }
      case 'EntryPoint': {
        facts.push(
          ['field.description', (f.entryDescription as string | null) ?? null],
          ['field.populations', list(f.populations)],
        );
        rels.push(['rel.holds', 'Credential', f.holds as Ref[]], ['rel.enters', 'Program', f.enters as Ref[]]);
        break;
      }
      case 'Support': {
        const provider = f.supportProvider as Ref | null;
        facts.push(['field.supportKind', vocabLabel(t, 'support', String(f.supportKind))]);
        rels.push(
          ['rel.provider', 'Partner', provider ? [provider] : []],
          ['rel.supportsPrograms', 'Program', f.programs as Ref[]],
        );
        break;
      }
      case 'Pathway': {
        const sector = f.sector as Ref | null;
        rels.push(
          ['rel.sector', 'Sector', sector ? [sector] : []],
          ['rel.includes', 'Program', f.programs as Ref[]],
          ['rel.leadsTo', 'Occupation', f.destinations as Ref[]],
          ['rel.partners', 'Partner', (f.partners as { partner: Ref }[]).map((p) => p.partner)],
        );
        extra.push(
          h(
            'p',
            {},
            h('a', {
              attrs: { href: `/pathway/${encodeURIComponent(node.id)}`, 'data-link': true },
              text: t('panel.scorecard'),
            }),
          ),
        );
        break;
      }
      case 'Sector': {
        facts.push(['field.inDemand', t(f.inDemand ? 'word.yes' : 'word.no')], ['field.naics', list(f.naics)]);
        rels.push(
          ['rel.occupations', 'Occupation', f.occupations as Ref[]],
          ['rel.pathways', 'Pathway', f.pathways as Ref[]],
        );
        break;
      }
      case 'Region': {
        const parent = f.parent as Ref | null;
        facts.push(['field.regionKind', (f.regionKind as string | null) ?? null], ['field.fips', list(f.fips)]);
        rels.push(['rel.parent', 'Region', parent ? [parent] : []], ['rel.children', 'Region', f.children as Ref[]]);
        break;
      }
    }
    const out: Child[] = [dl(facts.map(([k, v]) => [t(k), v]))];
    const neighbours = rels.filter(([, , refs]) => refs && refs.length > 0);
    if (neighbours.length > 0) {
      out.push(h('h3', { text: t('panel.neighbours') }));
      for (const [key, kind, refs] of neighbours) {
        out.push(h('h4', { text: t(key) }), this.refList(kind, refs as Ref[]));
      }
    }
    out.push(...extra);
    return out;
  }
}

function dl(rows: [string, Children][]): HTMLElement {
  const el = h('dl', { class: 'facts' });
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === '') continue;
    el.append(h('dt', { text: term }), h('dd', {}, value));
  }
  return el;
}

export const isKind = (v: string): v is EntityKind => (ENTITY_KINDS as readonly string[]).includes(v);
