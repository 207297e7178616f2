/**
 * Program outcomes (CONTRACT.md section 6) as CTDL aggregate data, the shape both directions
 * share. One outcome row (program, cohort year) becomes, on the program's LearningProgram,
 * `ceterms:aggregateData`:
 *
 * - an `AggregateDataProfile` for the 2nd quarter after exit (`postReceiptMonths` 6):
 *   `numberAwarded` = credentialAttained, `jobsObtained` = employedQ2, `medianEarnings` (USD) =
 *   medianEarningsQ2 (quarterly, as the bundle keeps it), `source` when the row's source is a URL;
 *   its `relevantDataSet` is a `qdata:DataSetProfile` named after a source that is not a URL,
 *   whose `qdata:dataSetTimePeriod` is a `qdata:DataSetTimeFrame` for the cohort year
 *   (`ceterms:startDate` YYYY-01-01, `ceterms:endDate` YYYY-12-31) holding one `qdata:DataProfile`
 *   with `qdata:totalWIOAParticipants` = enrolled, `qdata:totalWIOACompleters` = completed and
 *   `qdata:totalWIOAExiters` = exiters;
 * - when employedQ4 is known, a second profile for the 4th quarter (`postReceiptMonths` 12)
 *   with `jobsObtained` = employedQ4 and the same time frame.
 *
 * measurableSkillGains, retainedQ4 and transitions have no CTDL term (see README.md).
 */
import type { Outcome } from '../model/bundle.ts';

type Node = Record<string, unknown>;

/** Months after exit of the two quarters the bundle counts employment in. */
export const Q2_MONTHS = 6;
export const Q4_MONTHS = 12;

/** The DataProfile terms for the three cohort counts, and the bundle field each carries. */
export const DATA_PROFILE_COUNTS = [
  ['qdata:totalWIOAParticipants', 'enrolled'],
  ['qdata:totalWIOACompleters', 'completed'],
  ['qdata:totalWIOAExiters', 'exiters'],
] as const satisfies readonly (readonly [string, keyof Outcome])[];

export const HTTP_SOURCE = /^https?:\/\/\S+$/;

const text = (value: string): Record<string, string> => ({ 'en-US': value });

function quantity(value: number, description: string): Node {
  return { '@type': 'schema:QuantitativeValue', 'schema:value': value, 'schema:description': text(description) };
}

function timeFrame(year: number, attributes: Node | undefined): Node {
  const frame: Node = {
    '@type': 'qdata:DataSetTimeFrame',
    'ceterms:name': text(`Cohort year ${year}`),
    'ceterms:startDate': `${year}-01-01`,
    'ceterms:endDate': `${year}-12-31`,
  };
  if (attributes !== undefined) frame['qdata:dataAttributes'] = [attributes];
  return frame;
}

function dataSet(outcome: Outcome, attributes: Node | undefined): Node {
  const set: Node = { '@type': 'qdata:DataSetProfile' };
  const source = outcome.source?.trim();
  if (source && !HTTP_SOURCE.test(source)) set['ceterms:name'] = text(source);
  set['qdata:dataSetTimePeriod'] = [timeFrame(outcome.cohortYear, attributes)];
  return set;
}

/** The `ceterms:aggregateData` profiles of one program's outcome rows, oldest cohort first. */
export function outcomeProfiles(programName: string, outcomes: readonly Outcome[]): Node[] {
  const profiles: Node[] = [];
  for (const outcome of [...outcomes].sort((a, b) => a.cohortYear - b.cohortYear)) {
    const year = outcome.cohortYear;
    const counts: Node = { '@type': 'qdata:DataProfile' };
    for (const [term, field] of DATA_PROFILE_COUNTS) {
      const value = outcome[field];
      if (typeof value === 'number') counts[term] = [quantity(value, `${field} in cohort year ${year}`)];
    }
    const hasCounts = Object.keys(counts).length > 1;
    const q2: Node = {
      '@type': 'ceterms:AggregateDataProfile',
      'ceterms:name': text(`Outcomes of ${programName}, cohort year ${year}, 2nd quarter after exit`),
      'ceterms:description': text(
        'Participants of the cohort year; employment and earnings in the 2nd quarter after exit (median earnings are quarterly, in US dollars).',
      ),
      'ceterms:postReceiptMonths': Q2_MONTHS,
    };
    if (outcome.credentialAttained !== undefined) q2['ceterms:numberAwarded'] = outcome.credentialAttained;
    if (outcome.employedQ2 !== undefined) {
      q2['ceterms:jobsObtained'] = [quantity(outcome.employedQ2, 'Employed in the 2nd quarter after exit')];
    }
    if (outcome.medianEarningsQ2 !== undefined) {
      q2['ceterms:medianEarnings'] = outcome.medianEarningsQ2;
      q2['ceterms:currency'] = 'USD';
    }
    const source = outcome.source?.trim();
    if (source && HTTP_SOURCE.test(source)) q2['ceterms:source'] = source;
    q2['ceterms:relevantDataSet'] = [dataSet(outcome, hasCounts ? counts : undefined)];
    profiles.push(q2);
    if (outcome.employedQ4 !== undefined) {
      const q4: Node = {
        '@type': 'ceterms:AggregateDataProfile',
        'ceterms:name': text(`Outcomes of ${programName}, cohort year ${year}, 4th quarter after exit`),
        'ceterms:postReceiptMonths': Q4_MONTHS,
        'ceterms:jobsObtained': [quantity(outcome.employedQ4, 'Employed in the 4th quarter after exit')],
      };
      if (source && HTTP_SOURCE.test(source)) q4['ceterms:source'] = source;
      q4['ceterms:relevantDataSet'] = [dataSet(outcome, undefined)];
      profiles.push(q4);
    }
  }
  return profiles;
}
