/** Benchmark output: one JSON line per figure as it is measured, and a table at the end. */
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
