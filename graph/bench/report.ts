/** Benchmark output: one JSON line per figure as it is measured, and a table at the end. */
import { constants, PerformanceObserver } from 'node:perf_hooks';
export interface Measurement {
  bench: string;
  case: string;
  value: number;
  unit: string;
  goal?: string;
  detail?: Record<string, unknown>;
}

export function emit(m: Measurement): void {
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

export function table(all: Measurement[]): string {
  const rows = all.map((m) => [m.bench, m.case, `${m.value} ${m.unit}`, m.goal ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => (r[i] as string).length), 5));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(['bench', 'case', 'value', 'goal']), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join(
    '\n',
  );
}

/** V8's garbage collection kinds (perf_hooks `detail.kind`), by the names a reader knows. */
const GC_KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'markCompact',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakCallbacks',
};

/**
 * The garbage collections' pauses from now on, by kind (count and total ms). The figures come
 * after `done` is awaited: the pauses of synchronous work are reported once it has ended.
 */
export function gcPauses(): { done: () => Promise<Record<string, { count: number; ms: number }>> } {
  const pauses: Record<string, { count: number; ms: number }> = {};
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = GC_KINDS[(entry as { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other';
      pauses[kind] ??= { count: 0, ms: 0 };
      const sum = pauses[kind];
      sum.count += 1;
      sum.ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    done: async () => {
      // The entries of the work just ended are queued behind it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      observer.disconnect();
      for (const sum of Object.values(pauses)) sum.ms = Math.round(sum.ms);
      return pauses;
    },
  };
}
