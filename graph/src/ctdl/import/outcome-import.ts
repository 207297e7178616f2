/**
 * CTDL import, program outcomes: a learning opportunity's `ceterms:aggregateData`
 * (`AggregateDataProfile` → `qdata:DataSetProfile` → `qdata:DataSetTimeFrame` →
 * `qdata:DataProfile`, the shape of ../ctdl-outcomes.ts) → `outcomes` rows, one per cohort year.
 * A published profile is read leniently: a figure that is not a whole number of 0 or more, a
 * profile without a year, a quarter the bundle does not count, a figure given twice with two
 * values, or a count above its denominator is left out with a warning naming its path
 * (`"Program" ceterms:aggregateData[1].ceterms:relevantDataSet[0]…`), so the bundle stays valid.
 */
import { OUTCOME_DENOMINATORS, type Outcome } from '../../model/bundle.ts';
import type { CtdlNode } from '../ctdl-jsonld.ts';
import { DATA_PROFILE_COUNTS, HTTP_SOURCE, Q2_MONTHS, Q4_MONTHS } from '../ctdl-outcomes.ts';
import { ImporterBase, READ } from './importer-base.ts';

type Figures = Omit<Outcome, 'programId' | 'cohortYear'>;
type Field = keyof Figures;

const YEAR = /^(\d{4})(-\d{2}(-\d{2})?)?/;
const OUTCOME_SOURCE_MAX = 10_000;

export abstract class OutcomeImport extends ImporterBase {
  protected readonly outcomes: Outcome[] = [];

  /** Reads the program node's aggregate data into `outcomes` rows for `programId`. */
  protected outcomesFromNode(node: CtdlNode, programId: string): void {
    const profiles = this.g.objects(node, 'ceterms:aggregateData');
    if (profiles.length === 0) return;
    const where = `${this.label(node)} ceterms:aggregateData`;
    const rows = new Map<number, Figures>();
    profiles.forEach((profile, i) => {
      profile.used.add(READ);
      const path = `${where}[${i}]`;
      if (!profile.types.includes('ceterms:AggregateDataProfile')) {
        this.warn(
          `${path}: expected a ceterms:AggregateDataProfile, found ${profile.types.join(', ') || 'no @type'}; left out`,
        );
        return;
      }
      // Names and descriptions only describe the figures.
      this.g.values(profile, 'ceterms:name', 'ceterms:description', 'ceterms:currency');
      const sets = this.g.objects(profile, 'ceterms:relevantDataSet', 'qdata:relevantDataSet');
      const year = this.cohortYearOf(profile, sets, path);
      if (year === undefined) return;
      const figures: Figures = {};
      const set = (field: Field, value: number | string | undefined, at: string) => {
        if (value === undefined) return;
        const known = figures[field];
        if (known !== undefined && known !== value) {
          this.warn(`${at}: ${field} is given twice (${known}, ${value}); the first is kept`);
          return;
        }
        (figures as Record<string, unknown>)[field] = value;
      };

      const months = this.g.number(profile, 'ceterms:postReceiptMonths');
      const jobs = this.countOf(profile, 'ceterms:jobsObtained', `${path}.ceterms:jobsObtained`);
      if (jobs !== undefined) {
        if (months === Q2_MONTHS) set('employedQ2', jobs, path);
        else if (months === Q4_MONTHS) set('employedQ4', jobs, path);
        else {
          this.warn(
            `${path}.ceterms:jobsObtained: ceterms:postReceiptMonths is ${months ?? 'not given'}; only ${Q2_MONTHS} (employedQ2) and ${Q4_MONTHS} (employedQ4) are counted; left out`,
          );
        }
      }
      const earnings = this.g.number(profile, 'ceterms:medianEarnings');
      if (earnings !== undefined) {
        if (!(earnings >= 0) || !Number.isFinite(earnings)) {
          this.warn(`${path}.ceterms:medianEarnings: must be a number of 0 or more (${earnings}); left out`);
        } else if (months !== undefined && months !== Q2_MONTHS) {
          this.warn(
            `${path}.ceterms:medianEarnings: ceterms:postReceiptMonths is ${months}; only the 2nd quarter (${Q2_MONTHS}) is kept; left out`,
          );
        } else set('medianEarningsQ2', earnings, path);
      }
      set('credentialAttained', this.countOf(profile, 'ceterms:numberAwarded', `${path}.ceterms:numberAwarded`), path);
      const url = this.g.text(profile, 'ceterms:source');
      if (url !== undefined && HTTP_SOURCE.test(url)) set('source', url.slice(0, OUTCOME_SOURCE_MAX), path);

      sets.forEach((dataSet, j) => {
        dataSet.used.add(READ);
        const setPath = `${path}.ceterms:relevantDataSet[${j}]`;
        const name = this.g.text(dataSet, 'ceterms:name');
        if (name !== undefined) set('source', name.slice(0, OUTCOME_SOURCE_MAX), setPath);
        this.g.values(dataSet, 'ceterms:description');
        this.g.objects(dataSet, 'qdata:dataSetTimePeriod').forEach((frame, k) => {
          frame.used.add(READ);
          this.g.values(frame, 'ceterms:name', 'ceterms:description');
          this.g.objects(frame, 'qdata:dataAttributes').forEach((attributes, m) => {
            attributes.used.add(READ);
            const at = `${setPath}.qdata:dataSetTimePeriod[${k}].qdata:dataAttributes[${m}]`;
            for (const [term, field] of DATA_PROFILE_COUNTS) {
              set(field, this.countOf(attributes, term, `${at}.${term}`), at);
            }
          });
        });
      });

      const row = rows.get(year) ?? {};
      for (const [field, value] of Object.entries(figures) as [Field, number | string][]) {
        const known = row[field];
        if (known !== undefined && known !== value) {
          this.warn(`${path}: ${field} of cohort year ${year} is given twice (${known}, ${value}); the first is kept`);
        } else (row as Record<string, unknown>)[field] = value;
      }
      rows.set(year, row);
    });

    for (const [cohortYear, figures] of [...rows].sort(([a], [b]) => a - b)) {
      for (const [field, denominator] of OUTCOME_DENOMINATORS) {
        const n = figures[field as Field];
        const d = figures[denominator as Field];
        if (typeof n === 'number' && typeof d === 'number' && n > d) {
          this.warn(
            `${where}: cohort year ${cohortYear}: ${field} (${n}) exceeds ${denominator} (${d}); ${field} left out`,
          );
          delete figures[field as Field];
        }
      }
      if (Object.keys(figures).length === 0) {
        this.warn(`${where}: cohort year ${cohortYear} has no figure the bundle keeps; no outcome row`);
        continue;
      }
      this.outcomes.push({ programId, cohortYear, ...figures });
    }
  }

  /** The cohort year: the data set's time frame (start date, else end date), else the profile's dateEffective. */
  private cohortYearOf(profile: CtdlNode, sets: CtdlNode[], path: string): number | undefined {
    const years = new Set<number>();
    sets.forEach((dataSet) => {
      for (const frame of this.g.objects(dataSet, 'qdata:dataSetTimePeriod')) {
        const date =
          this.g.text(frame, 'ceterms:startDate', 'qdata:startDate') ??
          this.g.text(frame, 'ceterms:endDate', 'qdata:endDate');
        const year = date === undefined ? undefined : YEAR.exec(date)?.[1];
        if (year !== undefined) years.add(Number(year));
        this.g.values(frame, 'ceterms:endDate', 'qdata:endDate');
      }
    });
    if (years.size === 0) {
      const effective = this.g.text(profile, 'ceterms:dateEffective');
      const year = effective === undefined ? undefined : YEAR.exec(effective)?.[1];
      if (year !== undefined) years.add(Number(year));
    }
    const valid = [...years].filter((y) => y >= 1900 && y <= 2100);
    if (valid.length === 0) {
      this.warn(
        `${path}: no cohort year (ceterms:relevantDataSet → qdata:dataSetTimePeriod → ceterms:startDate, or ceterms:dateEffective, as YYYY-MM-DD from 1900 to 2100); profile left out`,
      );
      return undefined;
    }
    if (valid.length > 1) {
      this.warn(`${path}: its time frames span cohort years ${valid.sort().join(', ')}; ${Math.min(...valid)} is used`);
    }
    return Math.min(...valid);
  }

  /** A count: a number or a QuantitativeValue's `schema:value`, which must be a whole number of 0 or more. */
  private countOf(node: CtdlNode, term: string, path: string): number | undefined {
    const values = this.g.values(node, term);
    if (values.length === 0) return undefined;
    const first = values[0];
    let raw: unknown = first;
    if (typeof first === 'object' && first !== null && !Array.isArray(first) && !('@value' in first)) {
      const quantity = this.g.wrap(first as Record<string, unknown>);
      quantity.used.add(READ);
      this.g.values(quantity, 'schema:description', 'ceterms:description');
      raw = this.g.values(quantity, 'schema:value', 'qdata:value', 'ceterms:value')[0];
    }
    const n =
      typeof raw === 'number'
        ? raw
        : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)
          ? Number(raw)
          : undefined;
    if (n === undefined || !Number.isInteger(n) || n < 0) {
      this.warn(`${path}: must be a whole number of 0 or more (${JSON.stringify(raw) ?? 'nothing'}); left out`);
      return undefined;
    }
    if (values.length > 1) this.warn(`${path}: has ${values.length} values; the first is used`);
    return n;
  }
}
