/**
 * Requirement logic for CTDL conditions. A ComponentCondition says "at least k of these
 * components (and sub-conditions)"; the bundle says "every group needs one of its credentials"
 * — a conjunction of disjunctions (CNF). `at least k of n` is exactly the CNF whose groups are
 * all (n − k + 1)-member subsets (whoever misses at most k − 1 items holds one of each such
 * subset), so 1 of n is one group and n of n is n groups; OR of two CNFs distributes. When the
 * exact form would need more than {@link MAX_GROUPS} groups it is approximated by the looser
 * "any one of them" and the caller is told.
 */

export type Requirement =
  | { kind: 'item'; item: string }
  | { kind: 'atLeast'; count: number; of: Requirement[]; label?: string };

/** A conjunction of groups; each group a disjunction of items. `[]` is "nothing required". */
export type Cnf = string[][];

export const MAX_GROUPS = 64;

export interface CnfResult {
  cnf: Cnf;
  /** Human-readable notes: k-of-n expansions and approximations. */
  notes: string[];
}

export function item(id: string): Requirement {
  return { kind: 'item', item: id };
}

export function allOf(of: Requirement[], label?: string): Requirement {
  return { kind: 'atLeast', count: of.length, of, label };
}

export function anyOf(of: Requirement[], label?: string): Requirement {
  return { kind: 'atLeast', count: Math.min(1, of.length), of, label };
}

/** Sorted members, duplicates and supersets of other groups removed, groups in a stable order. */
export function simplify(cnf: Cnf): Cnf {
  const groups = cnf.map((group) => [...new Set(group)].sort());
  groups.sort((a, b) => a.length - b.length || a.join('\u0000').localeCompare(b.join('\u0000')));
  const kept: string[][] = [];
  for (const group of groups) {
    const members = new Set(group);
    if (kept.some((k) => k.every((m) => members.has(m)))) continue;
    kept.push(group);
  }
  return kept;
}

function or(a: Cnf, b: Cnf): Cnf {
  if (a.length === 0 || b.length === 0) return [];
  const out: Cnf = [];
  for (const x of a) for (const y of b) out.push([...x, ...y]);
  return simplify(out);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

function subsets<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  const pick = (start: number, chosen: T[]): void => {
    if (chosen.length === size) {
      out.push([...chosen]);
      return;
    }
    for (let i = start; i <= items.length - (size - chosen.length); i++) {
      chosen.push(items[i] as T);
      pick(i + 1, chosen);
      chosen.pop();
    }
  };
  pick(0, []);
  return out;
}

/** Every item a requirement mentions. */
export function itemsOf(requirement: Requirement): string[] {
  if (requirement.kind === 'item') return [requirement.item];
  return [...new Set(requirement.of.flatMap(itemsOf))];
}

/**
 * The CNF of a requirement. An item absent from `keep` (unknown, or not representable) is
 * dropped; a k-of-n whose n shrinks below k then asks for all that remain.
 */
export function toCnf(requirement: Requirement, keep: (item: string) => boolean = () => true): CnfResult {
  const notes: string[] = [];
  const visit = (r: Requirement): Cnf | undefined => {
    if (r.kind === 'item') return keep(r.item) ? [[r.item]] : undefined;
    const parts = r.of.map(visit).filter((p): p is Cnf => p !== undefined);
    if (parts.length === 0) return undefined;
    let count = r.count;
    const label = r.label ? `${r.label}: ` : '';
    if (count > parts.length) {
      notes.push(
        `${label}requires ${count} of ${r.of.length}, but only ${parts.length} can be mapped; all ${parts.length} are required`,
      );
      count = parts.length;
    }
    if (count <= 0) return [];
    if (count === parts.length) return simplify(parts.flat());
    if (count === 1) return parts.reduce((acc, p) => or(acc, p));
    const size = parts.length - count + 1;
    const combos = binomial(parts.length, size);
    if (combos > MAX_GROUPS) {
      notes.push(
        `${label}requires ${count} of ${parts.length}; the exact form needs ${combos} groups, so it is approximated as any 1 of them`,
      );
      return parts.reduce((acc, p) => or(acc, p));
    }
    notes.push(
      `${label}requires ${count} of ${parts.length}; expressed as ${combos} groups (one from every ${size} of them), which is exact`,
    );
    const groups = subsets(parts, size).map((subset) => subset.reduce((acc, p) => or(acc, p)));
    return simplify(groups.flat());
  };
  let cnf = visit(requirement) ?? [];
  if (cnf.length > MAX_GROUPS) {
    notes.push(
      `the requirement needs ${cnf.length} groups; approximated as any 1 of its ${itemsOf(requirement).length} items`,
    );
    cnf = [[...new Set(cnf.flat())].sort()];
  }
  return { cnf, notes };
}
