/**
 * The all-regions gaps figure of issue 15 (`gaps_all_regions_ms`) on its own, without Neo4j:
 * `findGaps(index, {})` on a GraphIndex of the seeded synthetic graph (graph/bench/synthetic.ts,
 * the bundle bench:scale loads), in this process. The first call on a fresh index is the figure
 * (it builds the gap engine's tables, as the first request on a new snapshot does); a second
 * call on the same index, the time to list every gap's regionIds and the time to word every
 * gap (message and relatedIds; all three are built on first read) are reported beside it. Each figure carries the process CPU time and the load average, since
 * wall-clock time on a shared machine says little alone.
 *
 * `npm run bench -- --only gaps --sizes 100000` (1,000,000 needs about 10 GB of heap:
 * `node --max-old-space-size=10240 --import tsx services/api/bench/run.ts --only gaps --sizes 1000000`).
 */
import { loadavg } from 'node:os';
import { findGaps } from '@pathway/graph/gaps/gap-finder';
import { GraphIndex } from '@pathway/graph/model/graph-index';
import type { Measurement } from '../../../graph/bench/report.ts';
import { syntheticBundle } from '../../../graph/bench/synthetic.ts';

const GOALS: Record<number, string> = { 100000: '≤ 1000 ms', 1000000: '≤ 5000 ms' };

function sizeName(nodes: number): string {
  return nodes >= 1_000_000 ? `${nodes / 1_000_000}M` : `${Math.round(nodes / 1000)}k`;
}

function timed<T>(run: () => T): { value: T; ms: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, ms, cpuMs: Math.round((used.user + used.system) / 1000) };
}

export function gapsBench(options: { sizes: number[] }, record: (m: Measurement) => void): void {
  for (const nodes of options.sizes) {
    const size = sizeName(nodes);
    process.stderr.write(`gaps ${size}: generating the synthetic graph\n`);
    const index = new GraphIndex(syntheticBundle({ nodes }).bundle);
    const load = () => loadavg().map((x) => Math.round(x * 100) / 100);
    const first = timed(() => findGaps(index, {}));
    const gaps = first.value;
    const listed = timed(() => gaps.reduce((n, gap) => n + gap.regionIds.length, 0));
    // One line per figure: its wall ms, with the process's CPU ms and the load average beside it.
    const emit = (name: string, t: { ms: number; cpuMs: number }, detail: object = {}, goal?: string) =>
      record({
        bench: 'gaps',
        case: `${name}@${size}`,
        value: Math.round(t.ms),
        unit: 'ms',
        ...(goal ? { goal } : {}),
        detail: { ...detail, cpuMs: t.cpuMs, loadavg: load() },
      });
    emit('gaps_all_regions_ms', first, { gaps: gaps.length, regions: index.regions.size }, GOALS[nodes]);
    emit('gaps_region_ids_listed_ms', listed, { regionIds: listed.value });
    const worded = timed(() => gaps.reduce((n, gap) => n + gap.message.length + gap.relatedIds.length, 0));
    emit('gaps_text_read_ms', worded);
    const again = timed(() => findGaps(index, {}).length);
    emit('gaps_all_regions_again_ms', again);
  }
}
