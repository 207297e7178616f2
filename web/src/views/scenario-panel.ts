/**
 * The analyst's scenario panel (CONTRACT.md section 7): build a what-if out of changes (an
 * articulation agreement, a stacking credential, a program, a support; removing a program or a
 * partner), run it, read each entry point's best route before and after and the gaps it closes
 * and opens, see the programs it touches on the map; start from a suggested agreement; share
 * it as a link, export it as CSV, and with an admin key import its additions for real.
 */
import type { MapNode, Objective } from '../api/queries.ts';
import {
  fetchSuggestions,
  fetchWhatIf,
  importBundle,
  type Suggestion,
  type WhatIfResult,
  type WhatIfRoute,
} from '../api/whatif-queries.ts';
import { lang, t, vocabLabel } from '../i18n/i18n.ts';
import { toCsv } from '../lib/csv.ts';
import { append, type Children, clear, h, nextId } from '../lib/dom.ts';
import { money, num } from '../lib/format.ts';
import { LatestRequest } from '../lib/latest-request.ts';
import { type EntityKind, isId, SUPPORT_KINDS } from '../lib/vocab.ts';
import type { MapPanel } from './map-panel.ts';
import {
  affectedIds,
  CHANGE_KINDS,
  type Change,
  type ChangeKind,
  fragmentOf,
  hasAdditions,
  importBundleOf,
  MAX_CHANGES,
  OBJECTIVES,
  removedIds,
  type Scenario,
  scenarioCsvRows,
  scenarioFromParams,
  scenarioToParams,
} from './scenario-model.ts';
import { button, errorBox, inputField, loading, type Option, selectField } from './ui.ts';
import '../styles/scenario.css';

export interface ScenarioPanelOptions {
  params: URLSearchParams;
  map: MapPanel;
  announce(text: string): void;
  /** The scenario changed: write the page's URL again (the page calls `writeParams`). */
  onChange(): void;
  download(csv: string, name: string): void;
}

const SUGGESTION_LIMIT = 5;
const GAPS_SHOWN = 10;
const MAX_AMOUNT = 1_000_000;

/** A form field's value, or the reason it is not one (shown next to the form). */
type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

export class ScenarioPanel {
  readonly el: HTMLElement;
  private scenario: Scenario;
  private region = '';
  private household = '1A1C';
  private nodes: MapNode[] = [];
  private result: WhatIfResult | null = null;
  private ranOnce = false;
  private readonly whatIfRequest = new LatestRequest();
  private readonly suggestionsRequest = new LatestRequest();
  private readonly changesList = h('div', { attrs: { 'data-testid': 'scenario-changes' } });
  private readonly addForm = h('div', { class: 'scenario-add' });
  private readonly results = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'scenario-results' } });
  private readonly suggestionsBody = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'suggestions' } });
  private readonly shareInput = h('input', { attrs: { type: 'text', readonly: true, id: nextId('share') } });
  private readonly importBody = h('div', {});
  private objectiveSelect: HTMLSelectElement;

  constructor(private readonly options: ScenarioPanelOptions) {
    const restored = scenarioFromParams(options.params);
    this.scenario = { objective: restored.objective, changes: restored.changes };
    const title = nextId('h');
    const objective = selectField(
      t('scenario.objective'),
      OBJECTIVES.map((o) => ({ value: o, label: t(`nav.objective.${o}`) })),
      this.scenario.objective,
      (value) => {
        this.scenario.objective = value as Objective;
        this.changed();
      },
    );
    this.objectiveSelect = objective.select;
    const suggestionsTitle = nextId('h');
    const changesTitle = nextId('h');
    const resultsTitle = nextId('h');
    this.el = h(
      'section',
      { class: 'scenario-section', attrs: { id: 'scenario', 'aria-labelledby': title, 'data-testid': 'scenario' } },
      // Focusable so the page's "Try a what-if scenario" can take keyboard users here.
      h('h2', { attrs: { id: title, tabindex: -1 }, text: t('scenario.title') }),
      h('p', { class: 'hint', text: t('scenario.hint') }),
      restored.dropped ? errorBox(t('scenario.dropped', { n: restored.dropped })) : null,
      h(
        'section',
        { class: 'scenario-part', attrs: { 'aria-labelledby': suggestionsTitle } },
        h('h3', { attrs: { id: suggestionsTitle }, text: t('suggestions.title') }),
        h('p', { class: 'hint', text: t('suggestions.hint') }),
        button(t('suggestions.find'), () => void this.loadSuggestions(), {
          attrs: { 'data-testid': 'find-suggestions' },
        }),
        this.suggestionsBody,
      ),
      h(
        'section',
        { class: 'scenario-part', attrs: { 'aria-labelledby': changesTitle } },
        h('h3', { attrs: { id: changesTitle }, text: t('scenario.changes') }),
        this.changesList,
        this.addForm,
        h(
          'div',
          { class: 'row' },
          objective.wrap,
          h(
            'div',
            { class: 'actions' },
            button(t('scenario.run'), () => void this.run(), {
              class: 'btn btn-primary',
              attrs: { 'data-testid': 'run-whatif' },
            }),
            button(t('scenario.export'), () => this.exportCsv(), { attrs: { 'data-testid': 'export-scenario' } }),
          ),
        ),
        h(
          'div',
          { class: 'field share' },
          h('label', { attrs: { for: this.shareInput.id }, text: t('scenario.share') }),
          this.shareInput,
          button(t('nav.copy'), async () => {
            this.shareInput.select();
            try {
              await navigator.clipboard.writeText(this.shareInput.value);
              options.announce(t('nav.copied'));
            } catch {
              options.announce(t('nav.copyManually'));
            }
          }),
        ),
      ),
      h(
        'section',
        { class: 'scenario-part', attrs: { 'aria-labelledby': resultsTitle } },
        h('h3', { attrs: { id: resultsTitle }, text: t('scenario.results') }),
        this.results,
      ),
      h('details', { class: 'scenario-import' }, h('summary', { text: t('scenario.importTitle') }), this.importBody),
    );
    this.renderChanges();
    this.renderAddForm('articulation');
    this.renderResults();
    this.renderImport();
  }

  /** The scenario's URL parameters, added to the page's. */
  writeParams(p: URLSearchParams): void {
    scenarioToParams(this.scenario, p);
  }

  /** The page's URL was written: the link to share is the page's own. */
  linkChanged(): void {
    this.shareInput.value = location.href;
  }

  /**
   * The analyst chose a region or household, and its map is loaded: the pickers offer its
   * nodes. A scenario from the link runs once the first map is in.
   */
  setContext(region: string, household: string, nodes: MapNode[]): void {
    const changedContext = region !== this.region || household !== this.household;
    this.region = region;
    this.household = household;
    this.nodes = [...nodes].sort((a, b) => a.label.localeCompare(b.label));
    const kind = (this.addForm.querySelector('select[data-field="changeKind"]') as HTMLSelectElement | null)?.value;
    this.renderAddForm((kind as ChangeKind) ?? 'articulation');
    this.renderChanges();
    if (changedContext) {
      this.result = null;
      clear(this.suggestionsBody);
      this.renderResults();
    }
    if (!this.ranOnce && this.scenario.changes.length) void this.run();
  }

  destroy(): void {
    this.whatIfRequest.cancel();
    this.suggestionsRequest.cancel();
  }

  private label(id: string, kinds?: EntityKind[]): string {
    const node = this.nodes.find((n) => n.id === id && (!kinds || kinds.includes(n.kind)));
    return node?.label ?? id;
  }

  private choices(kind: EntityKind): Option[] {
    return this.nodes.filter((n) => n.kind === kind).map((n) => ({ value: n.id, label: n.label }));
  }

  private changed(): void {
    this.result = null;
    this.renderChanges();
    this.renderResults();
    this.renderImport();
    this.options.onChange();
  }

  private describe(c: Change): string {
    const l = lang();
    switch (c.kind) {
      case 'articulation':
        return t('scenario.describe.articulation', {
          from: this.label(c.from, ['Credential']),
          to: this.label(c.to, ['Program']),
          credits: num(l, c.credits),
        });
      case 'stacking':
        return t('scenario.describe.stacking', {
          from: this.label(c.from, ['Credential']),
          to: this.label(c.to, ['Credential']),
          credits: c.creditsApplied === undefined ? '—' : num(l, c.creditsApplied),
        });
      case 'program':
        return t('scenario.describe.program', {
          name: c.program.name,
          provider: this.label(c.program.providerId, ['Partner']),
          awards: c.program.awards.map((a) => this.label(a, ['Credential'])).join(', '),
          months: num(l, c.program.months),
          cost: money(l, c.program.cost ?? 0),
        });
      case 'support':
        return t('scenario.describe.support', {
          name: c.support.name,
          kind: vocabLabel(t, 'support', c.support.kind),
          programs: c.support.programIds.map((p) => this.label(p, ['Program'])).join(', '),
        });
      case 'removeProgram':
        return t('scenario.describe.removeProgram', { name: this.label(c.id, ['Program']) });
      case 'removePartner':
        return t('scenario.describe.removePartner', { name: this.label(c.id, ['Partner']) });
    }
  }

  private renderChanges(): void {
    clear(this.changesList);
    if (this.scenario.changes.length === 0) {
      this.changesList.append(h('p', { class: 'hint', text: t('scenario.noChanges') }));
      return;
    }
    this.changesList.append(
      h(
        'ol',
        { class: 'scenario-changes' },
        this.scenario.changes.map((c, i) => {
          const text = this.describe(c);
          return h(
            'li',
            { attrs: { 'data-kind': c.kind } },
            h('span', { text }),
            ' ',
            button(
              t('scenario.removeChange'),
              () => {
                this.scenario.changes.splice(i, 1);
                this.changed();
                this.options.announce(t('scenario.changeRemoved', { change: text }));
              },
              { class: 'btn btn-small', attrs: { 'aria-label': `${t('scenario.removeChange')}: ${text}` } },
            ),
          );
        }),
      ),
    );
  }

  private renderAddForm(kind: ChangeKind): void {
    clear(this.addForm);
    const kindSelect = selectField(
      t('scenario.changeKind'),
      CHANGE_KINDS.map((k) => ({ value: k, label: t(`scenario.kind.${k}`) })),
      kind,
      (value) => {
        this.renderAddForm(value as ChangeKind);
        (this.addForm.querySelector('select[data-field="changeKind"]') as HTMLSelectElement | null)?.focus();
      },
      { 'data-field': 'changeKind' },
    );
    const error = h('div', {});
    const none = { value: '', label: t('scenario.choose') };
    const pick = (label: string, of: EntityKind, optional = false) => {
      const f = selectField(
        label,
        [optional ? { value: '', label: t('scenario.none') } : none, ...this.choices(of)],
        '',
      );
      return { wrap: f.wrap, read: (): Read<string> => readPick(f.select, label, optional) };
    };
    const amountField = (label: string, optional: boolean, min = 0) => {
      const f = inputField(label, { type: 'number', min, max: MAX_AMOUNT, step: 'any', inputmode: 'decimal' });
      return { wrap: f.wrap, read: (): Read<number | undefined> => readAmount(f.input, label, optional, min) };
    };
    const textField = (label: string, isIdField = false) => {
      const f = inputField(label, { type: 'text', maxlength: isIdField ? 128 : 200, autocomplete: 'off' });
      return { wrap: f.wrap, read: (): Read<string> => readText(f.input, label, isIdField) };
    };
    let fields: HTMLElement[] = [];
    let build: () => Read<Change>;
    if (kind === 'articulation') {
      const from = pick(t('scenario.field.credential'), 'Credential');
      const to = pick(t('scenario.field.program'), 'Program');
      const credits = amountField(t('scenario.field.credits'), false, 0.01);
      fields = [from.wrap, to.wrap, credits.wrap];
      build = () =>
        all([from.read(), to.read(), credits.read()], ([f, p, c]) => ({
          kind: 'articulation',
          from: f as string,
          to: p as string,
          credits: c as number,
        }));
    } else if (kind === 'stacking') {
      const from = pick(t('scenario.field.lowerCredential'), 'Credential');
      const to = pick(t('scenario.field.higherCredential'), 'Credential');
      const credits = amountField(t('scenario.field.creditsApplied'), true);
      fields = [from.wrap, to.wrap, credits.wrap];
      build = () =>
        all([from.read(), to.read(), credits.read()], ([f, p, c]) => ({
          kind: 'stacking',
          from: f as string,
          to: p as string,
          ...(c === undefined ? {} : { creditsApplied: c as number }),
        }));
    } else if (kind === 'program') {
      const id = textField(t('scenario.field.id'), true);
      const name = textField(t('scenario.field.name'));
      const provider = pick(t('scenario.field.provider'), 'Partner');
      const awards = pick(t('scenario.field.awards'), 'Credential');
      const requires = pick(t('scenario.field.requires'), 'Credential', true);
      const months = amountField(t('scenario.field.months'), false);
      const cost = amountField(t('scenario.field.cost'), true);
      const credits = amountField(t('scenario.field.programCredits'), true);
      fields = [id.wrap, name.wrap, provider.wrap, awards.wrap, requires.wrap, months.wrap, cost.wrap, credits.wrap];
      build = () =>
        all(
          [
            id.read(),
            name.read(),
            provider.read(),
            awards.read(),
            requires.read(),
            months.read(),
            cost.read(),
            credits.read(),
          ],
          ([i, n, p, a, r, m, c, cr]) => ({
            kind: 'program',
            program: {
              id: i as string,
              name: n as string,
              providerId: p as string,
              awards: [a as string],
              months: m as number,
              ...(c === undefined ? {} : { cost: c as number }),
              ...(cr === undefined ? {} : { credits: cr as number }),
              ...(r ? { requires: [r as string] } : {}),
            },
          }),
        );
    } else if (kind === 'support') {
      const id = textField(t('scenario.field.id'), true);
      const name = textField(t('scenario.field.name'));
      const supportKind = selectField(
        t('scenario.field.supportKind'),
        SUPPORT_KINDS.map((k) => ({ value: k, label: vocabLabel(t, 'support', k) })),
        SUPPORT_KINDS[0],
      );
      const provider = pick(t('scenario.field.provider'), 'Partner', true);
      const program = pick(t('scenario.field.program'), 'Program');
      fields = [id.wrap, name.wrap, supportKind.wrap, provider.wrap, program.wrap];
      build = () =>
        all([id.read(), name.read(), provider.read(), program.read()], ([i, n, p, pr]) => ({
          kind: 'support',
          support: {
            id: i as string,
            name: n as string,
            kind: supportKind.select.value,
            programIds: [pr as string],
            ...(p ? { providerId: p as string } : {}),
          },
        }));
    } else {
      const target =
        kind === 'removeProgram'
          ? pick(t('scenario.field.program'), 'Program')
          : pick(t('scenario.field.partner'), 'Partner');
      fields = [target.wrap];
      build = () => all([target.read()], ([id]) => ({ kind, id: id as string }));
    }
    const add = button(t('scenario.add'), () => {
      clear(error);
      if (this.scenario.changes.length >= MAX_CHANGES) {
        error.append(errorBox(t('scenario.tooMany', { n: MAX_CHANGES })));
        return;
      }
      const read = build();
      if (!read.ok) {
        error.append(errorBox(read.problem));
        return;
      }
      this.scenario.changes.push(read.value);
      this.changed();
      this.options.announce(t('scenario.changeAdded', { change: this.describe(read.value) }));
    });
    this.addForm.append(
      h(
        'fieldset',
        {},
        h('legend', { text: t('scenario.addLegend') }),
        kindSelect.wrap,
        h('div', { class: 'row scenario-fields' }, fields),
        error,
        h('div', { class: 'actions' }, add),
      ),
    );
  }

  private async loadSuggestions(): Promise<void> {
    if (!this.region) return;
    const request = this.suggestionsRequest.start();
    clear(this.suggestionsBody);
    this.suggestionsBody.append(loading(t('status.loading')));
    try {
      const list = await fetchSuggestions(this.region, this.household, SUGGESTION_LIMIT, { signal: request.signal });
      if (!request.current()) return;
      this.renderSuggestions(list);
    } catch (error) {
      if (!request.current()) return;
      clear(this.suggestionsBody);
      this.suggestionsBody.append(errorBox((error as Error).message));
    }
  }

  private renderSuggestions(list: Suggestion[]): void {
    clear(this.suggestionsBody);
    const l = lang();
    if (list.length === 0) {
      this.suggestionsBody.append(h('p', { attrs: { role: 'status' }, text: t('suggestions.none') }));
      return;
    }
    this.suggestionsBody.append(
      h('p', { attrs: { role: 'status' }, text: t('suggestions.count', { n: list.length }) }),
      h(
        'table',
        { class: 'data suggestions' },
        h('caption', { class: 'sr-only', text: t('suggestions.title') }),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [
              t('suggestions.rank'),
              t('suggestions.agreement'),
              t('scenario.field.credits'),
              t('suggestions.gained'),
              t('suggestions.monthsSaved'),
              t('suggestions.action'),
            ].map((text) => h('th', { attrs: { scope: 'col' }, text })),
          ),
        ),
        h(
          'tbody',
          {},
          list.map((s, i) => {
            const agreement = t('suggestions.edge', { from: s.edge.from.label, to: s.edge.to.label });
            return h(
              'tr',
              { attrs: { 'data-from': s.edge.from.id, 'data-to': s.edge.to.id } },
              h('td', { class: 'num', text: num(l, i + 1, 0) }),
              h('th', { attrs: { scope: 'row' }, text: agreement }),
              h('td', { class: 'num', text: num(l, s.edge.credits) }),
              h('td', { class: 'num', attrs: { 'data-testid': 'gained' }, text: num(l, s.gained, 0) }),
              h('td', { class: 'num', attrs: { 'data-testid': 'months-saved' }, text: num(l, s.monthsSaved) }),
              h(
                'td',
                {},
                button(
                  t('suggestions.open'),
                  () => {
                    this.scenario.changes = [
                      { kind: 'articulation', from: s.edge.from.id, to: s.edge.to.id, credits: s.edge.credits },
                    ];
                    this.scenario.objective = 'TIME';
                    this.objectiveSelect.value = 'TIME';
                    this.changed();
                    this.options.announce(t('suggestions.opened', { agreement }));
                    void this.run();
                  },
                  {
                    class: 'btn btn-small',
                    attrs: { 'aria-label': `${t('suggestions.open')}: ${agreement}`, 'data-testid': 'open-suggestion' },
                  },
                ),
              ),
            );
          }),
        ),
      ),
    );
  }

  async run(): Promise<void> {
    if (!this.region) return;
    this.ranOnce = true;
    const request = this.whatIfRequest.start();
    this.result = null;
    clear(this.results);
    if (this.scenario.changes.length === 0) {
      this.renderResults();
      return;
    }
    this.results.append(loading(t('scenario.running')));
    try {
      const add = fragmentOf(this.scenario.changes);
      const removeIds = removedIds(this.scenario.changes);
      const result = await fetchWhatIf(
        {
          regionId: this.region,
          household: this.household,
          objective: this.scenario.objective,
          ...(Object.keys(add).length ? { add } : {}),
          ...(removeIds.length ? { removeIds } : {}),
        },
        { signal: request.signal },
      );
      if (!request.current()) return;
      this.result = result;
      this.renderResults();
      const count = this.showOnMap();
      this.options.announce(t('scenario.done', { n: result.entryPoints.length, count }));
    } catch (error) {
      if (!request.current()) return;
      clear(this.results);
      this.results.append(errorBox((error as Error).message));
    }
  }

  private showOnMap(): number {
    const keys = this.options.map.keysForIds(affectedIds(this.scenario.changes, this.result));
    return this.options.map.highlight(keys.size ? keys : null, { allEdges: true });
  }

  private routeCell(route: WhatIfRoute | null): Children {
    const l = lang();
    if (!route) return h('span', { class: 'hint', text: t('scenario.noRoute') });
    const programs = route.steps.flatMap((s) => (s.program ? [s.program.name] : []));
    return [
      h('span', {
        class: 'route-figures',
        text: t('scenario.routeFigures', {
          months: num(l, route.totalMonths),
          cost: money(l, route.totalCost),
          destination: route.destination.title,
        }),
      }),
      this.scenario.objective === 'INCOME'
        ? h('span', { class: 'hint', text: ` · ${t('scenario.netIncome')} ${money(l, route.netIncome)}` })
        : null,
      programs.length ? h('br') : null,
      programs.length ? h('span', { class: 'hint', text: programs.join(' → ') }) : null,
    ];
  }

  private gapList(
    title: 'scenario.gapsClosed' | 'scenario.gapsOpened',
    list: WhatIfResult['gapsClosed'],
    testid: string,
  ): HTMLElement {
    const id = nextId('h');
    const item = (g: WhatIfResult['gapsClosed'][number]) =>
      h(
        'li',
        { attrs: { 'data-kind': g.kind, 'data-subject': g.subjectId } },
        h('strong', { text: vocabLabel(t, 'gap', g.kind) }),
        `: ${this.label(g.subjectId)}`,
      );
    return h(
      'section',
      { attrs: { 'aria-labelledby': id, 'data-testid': testid } },
      h('h4', { attrs: { id }, text: t(title, { n: list.length }) }),
      list.length === 0 ? h('p', { class: 'hint', text: t('scenario.noGaps') }) : null,
      list.length ? h('ul', {}, list.slice(0, GAPS_SHOWN).map(item)) : null,
      // Removing a statewide provider closes and opens dozens: the rest one click away.
      list.length > GAPS_SHOWN
        ? h(
            'details',
            {},
            h('summary', { text: t('scenario.moreGaps', { n: list.length - GAPS_SHOWN }) }),
            h('ul', {}, list.slice(GAPS_SHOWN).map(item)),
          )
        : null,
    );
  }

  private renderResults(): void {
    clear(this.results);
    const r = this.result;
    if (!r) {
      this.results.append(
        h('p', { class: 'hint', text: t(this.scenario.changes.length ? 'scenario.notRun' : 'scenario.empty') }),
      );
      return;
    }
    const l = lang();
    const signed = (v: number | null, format: (v: number) => string) => (v === null ? '—' : format(v));
    if (r.entryPoints.length === 0) this.results.append(h('p', { class: 'hint', text: t('scenario.noEntryPoints') }));
    this.results.append(
      h(
        'div',
        { class: 'table-scroll', attrs: { hidden: r.entryPoints.length === 0 } },
        h(
          'table',
          { class: 'data scenario-table' },
          h('caption', {
            text: t('scenario.tableCaption', { objective: t(`nav.objective.${this.scenario.objective}`) }),
          }),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [
                t('scenario.col.entryPoint'),
                t('scenario.col.before'),
                t('scenario.col.after'),
                t('scenario.col.monthsSaved'),
                t('scenario.col.costSaved'),
                t('scenario.col.change'),
              ].map((text) => h('th', { attrs: { scope: 'col' }, text })),
            ),
          ),
          h(
            'tbody',
            {},
            r.entryPoints.map((ep) =>
              h(
                'tr',
                { attrs: { 'data-entry-point': ep.entryPoint.id, 'data-change': ep.change } },
                h('th', { attrs: { scope: 'row' }, text: ep.entryPoint.label }),
                h('td', {}, this.routeCell(ep.before)),
                h('td', {}, this.routeCell(ep.after)),
                h('td', {
                  class: 'num',
                  attrs: { 'data-testid': 'months-saved' },
                  text: signed(ep.monthsSaved, (v) => num(l, v)),
                }),
                h('td', {
                  class: 'num',
                  attrs: { 'data-testid': 'cost-saved' },
                  text: signed(ep.costSaved, (v) => money(l, v)),
                }),
                h(
                  'td',
                  {},
                  h('span', { class: `change change-${ep.change}`, text: vocabLabel(t, 'change', ep.change) }),
                ),
              ),
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'scenario-gaps' },
        this.gapList('scenario.gapsClosed', r.gapsClosed, 'gaps-closed'),
        this.gapList('scenario.gapsOpened', r.gapsOpened, 'gaps-opened'),
      ),
      h(
        'div',
        { class: 'actions' },
        button(t('scenario.showOnMap'), () => {
          const count = this.showOnMap();
          const panel = this.options.map.el;
          if (panel.getBoundingClientRect().top < 0) panel.scrollIntoView({ block: 'start' });
          this.options.announce(t('scenario.shown', { count }));
        }),
      ),
    );
  }

  private exportCsv(): void {
    const { header, rows } = scenarioCsvRows(this.scenario, this.result);
    this.options.download(toCsv(header, rows), `scenario-${this.region || 'all'}.csv`);
  }

  private renderImport(): void {
    clear(this.importBody);
    const key = inputField(t('scenario.key'), { type: 'password', autocomplete: 'off', spellcheck: 'false' });
    const status = h('div', { attrs: { 'aria-live': 'polite', 'data-testid': 'import-status' } });
    const additions = hasAdditions(this.scenario.changes);
    const removals = removedIds(this.scenario.changes).length > 0;
    const importButton = button(
      t('scenario.import'),
      async () => {
        clear(status);
        const value = key.input.value.trim();
        if (!value) {
          status.append(errorBox(t('scenario.keyMissing')));
          key.input.focus();
          return;
        }
        importButton.disabled = true;
        status.append(loading(t('scenario.importing')));
        try {
          const summary = await importBundle(importBundleOf(this.scenario.changes), value);
          const totals = Object.values(summary.counts).reduce(
            (sum, c) => ({ created: sum.created + c.created, updated: sum.updated + c.updated }),
            { created: 0, updated: 0 },
          );
          clear(status);
          status.append(
            h('p', {
              attrs: { role: 'status' },
              text: t('scenario.imported', {
                version: summary.graphVersion,
                created: totals.created,
                updated: totals.updated,
              }),
            }),
          );
        } catch (error) {
          clear(status);
          status.append(errorBox((error as Error).message));
        } finally {
          importButton.disabled = false;
        }
      },
      { class: 'btn', attrs: { 'data-testid': 'import-scenario' } },
    );
    importButton.disabled = !additions;
    append(this.importBody, [
      h('p', { class: 'hint', text: t('scenario.importHint') }),
      removals ? h('p', { class: 'warning', text: t('scenario.removalsNotImported') }) : null,
      additions ? null : h('p', { class: 'hint', text: t('scenario.nothingToImport') }),
      key.wrap,
      h('div', { class: 'actions' }, importButton),
      status,
    ]);
  }
}

function readPick(select: HTMLSelectElement, label: string, optional: boolean): Read<string> {
  const v = select.value;
  if (v === '' && optional) return { ok: true, value: '' };
  return isId(v) ? { ok: true, value: v } : { ok: false, problem: t('scenario.invalid.choose', { field: label }) };
}

function readAmount(input: HTMLInputElement, label: string, optional: boolean, min: number): Read<number | undefined> {
  const raw = input.value.trim();
  if (raw === '') {
    return optional
      ? { ok: true, value: undefined }
      : { ok: false, problem: t('scenario.invalid.required', { field: label }) };
  }
  const v = Number(raw);
  return Number.isFinite(v) && v >= min && v <= MAX_AMOUNT
    ? { ok: true, value: v }
    : {
        ok: false,
        problem: t('scenario.invalid.number', { field: label, min: num(lang(), min), max: num(lang(), MAX_AMOUNT) }),
      };
}

function readText(input: HTMLInputElement, label: string, isIdField: boolean): Read<string> {
  const v = input.value.trim();
  if (v === '') return { ok: false, problem: t('scenario.invalid.required', { field: label }) };
  if (isIdField && !isId(v)) return { ok: false, problem: t('scenario.invalid.id', { field: label }) };
  return { ok: true, value: v };
}

/** Every field's value into one change, or every field's problem at once. */
function all<T>(reads: Read<unknown>[], make: (values: unknown[]) => T): Read<T> {
  const problems = reads.flatMap((r) => (r.ok ? [] : [r.problem]));
  if (problems.length) return { ok: false, problem: problems.join(' ') };
  return { ok: true, value: make(reads.map((r) => (r as { value: unknown }).value)) };
}
