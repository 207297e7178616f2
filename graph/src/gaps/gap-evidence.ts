/** Shared helpers of the gap rules: naming entities from the index and bounding the evidence. */
import type { GraphIndex } from '../model/graph-index.ts';
import { money, named } from './gap-text.ts';

/** At most this many related ids per gap: evidence, not a dump of the graph. */
export const RELATED_LIMIT = 50;

/** Unique ids in first-seen order, at most RELATED_LIMIT. */
export function evidence(...lists: readonly (readonly (string | undefined)[])[]): string[] {
  const out = new Set<string>();
  for (const list of lists) {
    for (const id of list) {
      if (id === undefined) continue;
      if (out.size >= RELATED_LIMIT) return [...out];
      out.add(id);
    }
  }
  return [...out];
}

/** A value computed on first use, then kept. */
export function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

export class Names {
  constructor(private readonly index: GraphIndex) {}

  credential(id: string): string {
    return named(this.index.credentials.get(id)?.name, id);
  }

  program(id: string): string {
    return named(this.index.programs.get(id)?.name, id);
  }

  occupation(id: string): string {
    return named(this.index.occupations.get(id)?.title, id);
  }

  partner(id: string): string {
    return named(this.index.partners.get(id)?.name, id);
  }

  entryPoint(id: string): string {
    return named(this.index.entryPoints.get(id)?.name, id);
  }

  sector(id: string): string {
    return named(this.index.sectors.get(id)?.name, id);
  }

  pathway(id: string): string {
    return named(this.index.pathways.get(id)?.name, id);
  }

  support(id: string): string {
    return named(this.index.supports.get(id)?.name, id);
  }

  /** `Electricians (47-2111.00) at $62,350`, or `… with no wage figure`. */
  occupationWithWage(id: string, median: number): string {
    return `${this.occupation(id)} ${Number.isNaN(median) ? 'with no wage figure' : `at ${money(median)}`}`;
  }
}

export function byName<T>(items: T[], name: (item: T) => string): T[] {
  return items
    .map((item) => ({ item, key: name(item) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.item);
}
