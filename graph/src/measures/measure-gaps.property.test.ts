/**
 * LOW_OUTCOME and LEAKY_TRANSITION against a slow, literal reading of CONTRACT.md section 6 on
 * random graphs: the twin walks the bundle's arrays (no index), finds regions up and down the
 * parentId chain by itself and writes each rate out by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Bundle, bundleSchema, type Outcome, type Transition } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { type Floors, measureGaps } from './measure-gaps.ts';

const N_REGIONS = 4;
const N_CREDENTIALS = 4;
const N_PROGRAMS = 6;
const YEARS = [2021, 2022, 2023];

const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const outcomeArb = fc.record({
  program: fc.nat(N_PROGRAMS - 1),
  year: fc.constantFrom(...YEARS),
  enrolled: maybe(fc.nat(50)),
  exiters: maybe(fc.nat(50)),
  completedShare: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
  employedShare: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
  median: maybe(fc.integer({ min: 0, max: 9000 })),
});

const transitionArb = fc.record({
  from: fc.nat(N_PROGRAMS - 1),
  to: fc.nat(N_PROGRAMS - 1),
  year: fc.constantFrom(...YEARS),
  completers: fc.nat(40),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
});

const bundleArb = fc
  .record({
    parents: fc.array(fc.option(fc.nat(N_REGIONS - 1), { nil: undefined }), {
      minLength: N_REGIONS,
      maxLength: N_REGIONS,
    }),
    programs: fc.array(
      fc.record({
        awards: fc.subarray([0, 1, 2, 3], { minLength: 1 }),
        requires: fc.array(fc.subarray([0, 1, 2, 3], { minLength: 1 }), { maxLength: 2 }),
        regions: fc.option(fc.subarray([0, 1, 2, 3]), { nil: undefined }),
      }),
      { minLength: N_PROGRAMS, maxLength: N_PROGRAMS },
    ),
    outcomes: fc.array(outcomeArb, { maxLength: 14 }),
    transitions: fc.array(transitionArb, { maxLength: 12 }),
  })
  .map(({ parents, programs, outcomes, transitions }): Bundle => {
    const outcomeRows = new Map<string, Outcome>();
    for (const o of outcomes) {
      const row: Outcome = { programId: `p${o.program}`, cohortYear: o.year };
      if (o.enrolled !== undefined) row.enrolled = o.enrolled;
      if (o.exiters !== undefined) row.exiters = o.exiters;
      if (o.completedShare !== undefined) row.completed = Math.floor(o.completedShare * (o.enrolled ?? 0));
      if (o.employedShare !== undefined) row.employedQ2 = Math.floor(o.employedShare * (o.exiters ?? 0));
      if (o.median !== undefined) row.medianEarningsQ2 = o.median;
      outcomeRows.set(`${row.programId}|${row.cohortYear}`, row);
    }
    const transitionRows = new Map<string, Transition>();
    for (const t of transitions) {
      const row: Transition = {
        fromProgramId: `p${t.from}`,
        toProgramId: `p${t.to}`,
        cohortYear: t.year,
        completers: t.completers,
        continued: Math.floor(t.share * t.completers),
      };
      transitionRows.set(`${row.fromProgramId}|${row.toProgramId}|${row.cohortYear}`, row);
    }
    return bundleSchema.parse({
      format: 'pathway-bundle',
      version: 1.1,
      // A parent with a higher number only: no cycles.
      regions: parents.map((parent, i) => ({
        id: `r${i}`,
        name: `Region ${i}`,
        ...(parent !== undefined && parent < i ? { parentId: `r${parent}` } : {}),
      })),
      partners: [{ id: 'college', name: 'College', kind: 'CommunityCollege' }],
      credentials: Array.from({ length: N_CREDENTIALS }, (_, i) => ({
        id: `c${i}`,
        name: `C${i}`,
        type: 'Certificate',
      })),
      programs: programs.map((p, i) => ({
        id: `p${i}`,
        name: `P${i}`,
        providerId: 'college',
        awards: p.awards.map((c) => `c${c}`),
        months: 3,
        ...(p.requires.length > 0 ? { requires: p.requires.map((g) => g.map((c) => `c${c}`)) } : {}),
        ...(p.regions ? { regionIds: p.regions.map((r) => `r${r}`) } : {}),
      })),
      outcomes: [...outcomeRows.values()],
      transitions: [...transitionRows.values()],
    });
  });

const floorsArb: fc.Arbitrary<Floors> = fc.record({
  completionRate: fc.constantFrom(0, 0.2, 0.5, 0.75, 1),
  employmentRateQ2: fc.constantFrom(0, 0.25, 0.5, 1),
  medianEarningsQ2: fc.constantFrom(0, 3943, 6000),
  transitionRate: fc.constantFrom(0, 0.12, 0.25, 0.5, 1),
});

/** R, its ancestors and its descendants, found by walking the region list again and again. */
function slowRelated(bundle: Bundle, regionId: string): Set<string> {
  const regions = bundle.regions ?? [];
  const out = new Set([regionId]);
  let up = regions.find((r) => r.id === regionId)?.parentId;
  while (up !== undefined && !out.has(up)) {
    out.add(up);
    up = regions.find((r) => r.id === up)?.parentId;
  }
  const below = new Set([regionId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const r of regions)
      if (r.parentId !== undefined && below.has(r.parentId) && !below.has(r.id)) {
        below.add(r.id);
        grew = true;
      }
  }
  for (const id of below) out.add(id);
  return out;
}

function slowGaps(bundle: Bundle, regionId: string, floors: Floors): string[] {
  const related = slowRelated(bundle, regionId);
  const programs = bundle.programs ?? [];
  const isAvailable = (id: string) => {
    const p = programs.find((x) => x.id === id);
    return p !== undefined && ((p.regionIds ?? []).length === 0 || (p.regionIds ?? []).some((r) => related.has(r)));
  };
  const out: string[] = [];
  // LEAKY_TRANSITION, by from program.
  const leaky = new Map<string, { to: string; high: boolean }[]>();
  for (const t of bundle.transitions ?? []) {
    const later = (bundle.transitions ?? []).some(
      (u) => u.fromProgramId === t.fromProgramId && u.toProgramId === t.toProgramId && u.cohortYear > t.cohortYear,
    );
    if (later || !isAvailable(t.fromProgramId) || !isAvailable(t.toProgramId) || t.completers === 0) continue;
    const from = programs.find((p) => p.id === t.fromProgramId);
    const to = programs.find((p) => p.id === t.toProgramId);
    const linked = (to?.requires ?? []).some((group) => group.some((c) => from?.awards.includes(c)));
    const rate = t.continued / t.completers;
    if (!linked || !(rate < floors.transitionRate)) continue;
    const list = leaky.get(t.fromProgramId) ?? [];
    list.push({ to: t.toProgramId, high: rate < floors.transitionRate / 2 });
    leaky.set(t.fromProgramId, list);
  }
  for (const from of [...leaky.keys()].sort()) {
    const list = leaky.get(from) ?? [];
    const to = list.map((l) => l.to).sort();
    out.push(`LEAKY_TRANSITION ${from} ${list.some((l) => l.high) ? 'high' : 'medium'} ${to.join(',')}`);
  }
  // LOW_OUTCOME, by program.
  for (const p of [...programs].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!isAvailable(p.id)) continue;
    const rows = (bundle.outcomes ?? []).filter((o) => o.programId === p.id);
    if (rows.length === 0) continue;
    const latest = rows.reduce((a, b) => (b.cohortYear > a.cohortYear ? b : a));
    let low = 0;
    if (latest.completed !== undefined && latest.enrolled !== undefined && latest.enrolled > 0)
      if (latest.completed / latest.enrolled < floors.completionRate) low += 1;
    if (latest.employedQ2 !== undefined && latest.exiters !== undefined && latest.exiters > 0)
      if (latest.employedQ2 / latest.exiters < floors.employmentRateQ2) low += 1;
    if (latest.medianEarningsQ2 !== undefined && latest.medianEarningsQ2 < floors.medianEarningsQ2) low += 1;
    if (low > 0) out.push(`LOW_OUTCOME ${p.id} ${low >= 2 ? 'high' : 'medium'}`);
  }
  return out;
}

describe('the two gap rules agree with a slow literal twin', () => {
  it('on random graphs, in every region, for any floors', () => {
    fc.assert(
      fc.property(bundleArb, floorsArb, (bundle, floors) => {
        const index = new GraphIndex(bundle);
        for (const region of bundle.regions ?? []) {
          const got = measureGaps(index, region.id, floors).map((g) =>
            g.kind === 'LEAKY_TRANSITION'
              ? `${g.kind} ${g.subjectId} ${g.severity} ${g.relatedIds.join(',')}`
              : `${g.kind} ${g.subjectId} ${g.severity}`,
          );
          expect(got).toEqual(slowGaps(bundle, region.id, floors));
        }
      }),
      { numRuns: 400 },
    );
  });
});
