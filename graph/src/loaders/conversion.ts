/**
 * What every loader's converter returns: a bundle for `importBundle`, plus an account of what
 * the source files held that the bundle does not (skipped rows, grouped by reason, with a few
 * examples each) and of what was read. Converters are pure (text or rows in, this out), so
 * they are unit-tested on the real files without Neo4j.
 */
import type { Bundle } from '../model/bundle.ts';

export interface SkipGroup {
  reason: string;
  count: number;
  examples: string[];
}

export interface Conversion {
  bundle: Bundle;
  /** Rows or values of the source that did not become part of the bundle, and why. */
  skipped: SkipGroup[];
  /** What was read, e.g. `{ 'Occupation Data.txt': 1016 }`. */
  read: Record<string, number>;
  /** Things worth knowing that are not skips: fields left out, roll-ups, defaults chosen. */
  notes: string[];
}

/** A problem with the input as a whole (missing file or column, unknown option value). */
export class LoaderInputError extends Error {
  override readonly name = 'LoaderInputError';
}

const MAX_EXAMPLES = 5;

/** Collects skipped rows by reason; keeps the first few examples of each (or as many as asked). */
export class SkipLog {
  private readonly groups = new Map<string, SkipGroup>();

  constructor(private readonly maxExamples: number = MAX_EXAMPLES) {}

  add(reason: string, example: string): void {
    let group = this.groups.get(reason);
    if (!group) {
      group = { reason, count: 0, examples: [] };
      this.groups.set(reason, group);
    }
    group.count += 1;
    if (group.examples.length < this.maxExamples) group.examples.push(example);
  }

  /** Adds a group counted elsewhere (e.g. summary rows not meant to be loaded). */
  addCount(reason: string, count: number, examples: string[]): void {
    if (count === 0) return;
    const group = this.groups.get(reason) ?? { reason, count: 0, examples: [] };
    group.count += count;
    group.examples.push(...examples.slice(0, this.maxExamples - group.examples.length));
    this.groups.set(reason, group);
  }

  list(): SkipGroup[] {
    return [...this.groups.values()];
  }

  get total(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.count;
    return n;
  }
}

export function countSkipped(skipped: SkipGroup[]): number {
  return skipped.reduce((n, g) => n + g.count, 0);
}

/** `1,403` — counts in messages. */
export const formatNumber = (n: number): string => n.toLocaleString('en-US');
