/**
 * The analyst's outcomes table: each program's indicators of its latest cohort year (CONTRACT.md
 * section 6), sortable by any column (a button in each heading, aria-sort on the sorted one),
 * exported as CSV. Missing figures sort last whatever the direction.
 */
import { INDICATOR_NAMES, type IndicatorName, type ProgramOutcomes } from '../api/queries.ts';
import { lang, t } from '../i18n/i18n.ts';
import { toCsv } from '../lib/csv.ts';
import { clear, h } from '../lib/dom.ts';
import { indicatorText } from '../lib/format.ts';
import { button } from './ui.ts';

type Column = 'program' | 'provider' | 'cohortYear' | IndicatorName;
const COLUMNS: Column[] = ['program', 'provider', 'cohortYear', ...INDICATOR_NAMES];

function heading(c: Column): string {
  if (c === 'program') return t('outcomes.program');
  if (c === 'provider') return t('outcomes.provider');
  if (c === 'cohortYear') return t('outcomes.year');
  return t(`indicator.${c}`);
}

function value(row: ProgramOutcomes, c: Column): string | number | null {
  if (c === 'program') return row.name;
  if (c === 'provider') return row.provider.name;
  return row.indicators[c];
}

export class OutcomesTable {
  readonly el = h('div', { class: 'outcomes', attrs: { 'data-testid': 'outcomes' } });
  private rows: ProgramOutcomes[] = [];
  private sort: { column: Column; ascending: boolean } = { column: 'program', ascending: true };

  constructor(private readonly announce: (message: string) => void) {}

  set(rows: ProgramOutcomes[]): void {
    this.rows = rows;
    this.render();
  }

  sorted(): ProgramOutcomes[] {
    const { column, ascending } = this.sort;
    const sign = ascending ? 1 : -1;
    return [...this.rows].sort((a, b) => {
      const x = value(a, column);
      const y = value(b, column);
      if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
      const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return d === 0 ? a.name.localeCompare(b.name) : sign * d;
    });
  }

  csv(): string {
    return toCsv(
      ['programId', 'program', 'providerId', 'provider', 'cohortYear', ...INDICATOR_NAMES, 'source'],
      this.sorted().map((r) => [
        r.id,
        r.name,
        r.provider.id,
        r.provider.name,
        r.indicators.cohortYear,
        ...INDICATOR_NAMES.map((n) => r.indicators[n]),
        r.indicators.source,
      ]),
    );
  }

  private render(): void {
    clear(this.el);
    const l = lang();
    if (this.rows.length === 0) {
      this.el.append(h('p', { text: t('outcomes.none') }));
      return;
    }
    const head = COLUMNS.map((c) => {
      const sorted = this.sort.column === c;
      return h(
        'th',
        {
          attrs: {
            scope: 'col',
            'aria-sort': sorted ? (this.sort.ascending ? 'ascending' : 'descending') : undefined,
            'data-column': c,
          },
        },
        button(
          `${heading(c)}${sorted ? (this.sort.ascending ? ' ▲' : ' ▼') : ''}`,
          () => {
            this.sort = { column: c, ascending: sorted ? !this.sort.ascending : c === 'program' || c === 'provider' };
            this.render();
            this.announce(
              t('outcomes.sorted', {
                column: heading(c),
                direction: t(this.sort.ascending ? 'outcomes.ascending' : 'outcomes.descending'),
              }),
            );
            (this.el.querySelector(`th[data-column="${c}"] button`) as HTMLButtonElement | null)?.focus();
          },
          { class: 'sort' },
        ),
      );
    });
    this.el.append(
      h(
        'div',
        { class: 'table-scroll', attrs: { tabindex: '0', role: 'region', 'aria-label': t('outcomes.scroll') } },
        h(
          'table',
          { class: 'data outcomes-table' },
          h('caption', { class: 'sr-only', text: t('outcomes.title') }),
          h('thead', {}, h('tr', {}, head)),
          h(
            'tbody',
            {},
            this.sorted().map((r) =>
              h(
                'tr',
                { attrs: { 'data-program': r.id } },
                h('th', { attrs: { scope: 'row' }, text: r.name }),
                h('td', { text: r.provider.name }),
                h('td', { text: r.indicators.cohortYear === null ? '—' : String(r.indicators.cohortYear) }),
                INDICATOR_NAMES.map((n) => h('td', { class: 'num', text: indicatorText(l, n, r.indicators[n]) })),
              ),
            ),
          ),
        ),
      ),
    );
  }
}
