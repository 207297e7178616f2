/**
 * What-if benchmarks (CONTRACT.md section 7, issue 13) on the seeded synthetic graph, in-process
 * on the GraphIndex a snapshot holds (the engine is pure: no Neo4j is read by a what-if):
 * - `whatIf` adding one ARTICULATES_TO edge, in one county: p50 / p95 (goal p95 ≤ 1 s);
 * - `suggestions` (limit 5) in that county: each call's time (goal ≤ 10 s);
 * - memory, against the snapshot's own heap (bundle, index and engine tables; goal ≤ 5 %): what a
 *   live what-if holds (its answer keeps the graph after the change, i.e. the overlay's own
 *   tables), and what a finished one leaves behind, both after a full GC.
 * The synthetic graph has one provider per county, so it has no CREDIT_LOSS gap; the bench adds
 * a second provider in the county whose programs require the county's credit-bearing
 * credentials without granting credit for them (the situation suggestions exist for).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Bundle } from '@pathway/graph/model/bundle';
import { warmViews } from '@pathway/graph/model/derived-view';
import { GraphIndex } from '@pathway/graph/model/graph-index';
import { suggestionCandidates } from '@pathway/graph/whatif/suggestions';
import { suggestions, whatIf } from '@pathway/graph/whatif/whatif';
import type { Measurement } from '../../../graph/bench/report.ts';
import { rng, syntheticBundle } from '../../../graph/bench/synthetic.ts';
import { percentile } from './routes.bench.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface WhatIfBenchOptions {
  sizes: number[];
  /** what-ifs timed per size */
  queries: number;
  /** suggestions calls timed per size */
  suggestionRuns: number;
}

/** Programs of a second provider in `county` requiring its credit-bearing credentials, with no credit for them. */
function withCreditLosses(bundle: Bundle, county: string, count: number): Bundle {
  const programs = bundle.programs ?? [];
  const local = programs.filter((p) => (p.regionIds ?? []).includes(county) && (p.credits ?? 0) > 0);
  const top = [...(bundle.occupationWages ?? [])].sort((a, b) => b.medianAnnual - a.medianAnnual)[0];
  const partner = { id: `bench-university-${county}`, name: 'Bench university', kind: 'University' as const };
  const added = local.slice(0, count).map((q, i) => ({
    id: `p-bench-${county}-${i}`,
    name: `Bench degree ${i}`,
    providerId: partner.id,
    awards: [`c-bench-${county}-${i}`],
    months: 24,
    cost: 12000,
    credits: 60,
    requires: [[q.awards[0] as string]],
    regionIds: [county],
  }));
  return {
    ...bundle,
    partners: [...(bundle.partners ?? []), partner],
    credentials: [
      ...(bundle.credentials ?? []),
      ...added.map((p) => ({ id: p.awards[0] as string, name: p.name, type: 'Bachelor' as const })),
    ],
    programs: [...programs, ...added],
    edges: [
      ...(bundle.edges ?? []),
      ...(top
        ? added.map((p) => ({ kind: 'QUALIFIES_FOR' as const, from: p.awards[0] as string, to: top.occupationId }))
        : []),
    ],
  };
}

export async function whatIfBench(options: WhatIfBenchOptions, onMeasure: (m: Measurement) => void): Promise<void> {
  for (const nodes of options.sizes) {
    const size = nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;
    // The snapshot's heap counts its bundle too (an index keeps the bundle it was built from).
    const baseline = heap();
    const synthetic = syntheticBundle({ nodes });
    const county = synthetic.counties[0] as string;
    const bundle = withCreditLosses(synthetic.bundle, county, 8);
    const started = performance.now();
    const index = new GraphIndex(bundle);
    for (const view of warmViews()) index.derived(view);
    const buildMs = performance.now() - started;

    // One added articulation per what-if: a credential held in the county toward one of its programs.
    const random = rng(nodes + 13);
    const local = [...index.programs.values()].filter((p) => (p.regionIds ?? []).includes(county));
    const credentials = [...index.credentials.keys()];
    const inputs = Array.from({ length: options.queries }, () => ({
      regionId: county,
      add: {
        edges: [
          {
            kind: 'ARTICULATES_TO',
            from: credentials[Math.floor(random() * credentials.length)] as string,
            to: local[Math.floor(random() * local.length)]?.id as string,
            credits: 1 + Math.floor(random() * 20),
          },
        ],
      },
    }));
    // The first what-if of a question computes the snapshot's side (kept for the next ones).
    const first = performance.now();
    await whatIf(index, inputs[0]);
    onMeasure({
      bench: 'whatif',
      case: `${size}: first whatIf of a region (computes the snapshot side)`,
      value: Math.round(performance.now() - first),
      unit: 'ms',
    });
    // The snapshot: its bundle and index with every table the engines built on it (the first
    // what-if built the gap tables, and keeps the region's side: part of the snapshot from then on).
    const snapshotBytes = heap() - baseline;
    onMeasure({
      bench: 'whatif',
      case: `${size}: snapshot index built`,
      value: Math.round(buildMs),
      unit: 'ms',
      detail: { nodes: synthetic.nodeCount, heapMB: round(snapshotBytes / 2 ** 20, 1), county },
    });

    const times: number[] = [];
    const before = heap();
    for (const input of inputs) {
      const t = performance.now();
      const answer = await whatIf(index, input);
      times.push(performance.now() - t);
      if (answer.entryPoints.length === 0) throw new Error('the county has no entry point');
    }
    // What a finished what-if leaves behind once its answer is gone.
    const retained = (heap() - before) / inputs.length;
    // What a what-if holds while its answer is alive (the answer keeps its graph after the change:
    // the overlay's own tables): answers held, after a full GC.
    const held: unknown[] = [];
    const holding = heap();
    for (const input of inputs.slice(0, 10)) held.push(await whatIf(index, input));
    const live = (heap() - holding) / held.length;
    held.length = 0;
    onMeasure({
      bench: 'whatif',
      case: `${size}: whatIf, one added edge, p50`,
      value: Math.round(percentile(times, 50)),
      unit: 'ms',
      detail: { queries: inputs.length },
    });
    onMeasure({
      bench: 'whatif',
      case: `${size}: whatIf, one added edge, p95`,
      value: Math.round(percentile(times, 95)),
      unit: 'ms',
      goal: 'p95 ≤ 1000 ms',
    });
    onMeasure({
      bench: 'whatif',
      case: `${size}: heap left behind per finished whatIf (after GC), share of the snapshot's`,
      value: round((100 * retained) / snapshotBytes, 3),
      unit: '%',
      detail: { retainedKB: round(retained / 1024, 1), snapshotMB: round(snapshotBytes / 2 ** 20, 1) },
    });
    onMeasure({
      bench: 'whatif',
      case: `${size}: heap one live whatIf holds (its overlay, after GC), share of the snapshot's`,
      value: round((100 * live) / snapshotBytes, 2),
      unit: '%',
      goal: '≤ 5 %',
      detail: { liveKB: round(live / 1024, 1) },
    });

    // Any other change (here a QUALIFIES_FOR edge) takes the general path: the overlay index shares
    // the untouched lists' tables, the engine tables of the graph after are built anew.
    const occupations = [...index.occupations.keys()];
    const general: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await whatIf(index, {
        regionId: county,
        add: {
          edges: [
            {
              kind: 'QUALIFIES_FOR',
              from: credentials[Math.floor(random() * credentials.length)] as string,
              to: occupations[Math.floor(random() * occupations.length)] as string,
            },
          ],
        },
      });
      general.push(performance.now() - t);
    }
    onMeasure({
      bench: 'whatif',
      case: `${size}: whatIf, one added QUALIFIES_FOR edge (general path), p50 of ${general.length}`,
      value: Math.round(percentile(general, 50)),
      unit: 'ms',
      detail: { worst: Math.round(Math.max(...general)) },
    });

    const candidates = suggestionCandidates(index, county, '1A1C').length;
    const runs: number[] = [];
    let ranked = 0;
    for (let i = 0; i < options.suggestionRuns; i++) {
      const t = performance.now();
      ranked = suggestions(index, { regionId: county, limit: 5 }).length;
      runs.push(performance.now() - t);
    }
    onMeasure({
      bench: 'whatif',
      case: `${size}: suggestions, limit 5, worst of ${runs.length}`,
      value: Math.round(Math.max(...runs)),
      unit: 'ms',
      goal: '≤ 10000 ms',
      detail: { candidates, ranked, p50: Math.round(percentile(runs, 50)) },
    });
  }
}
