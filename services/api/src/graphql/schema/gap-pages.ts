/**
 * Paging and counting the `gaps` answer (extensions to CONTRACT.md section 3, which names
 * none): an all-regions answer on a national graph is hundreds of thousands of gaps. The answer
 * is sorted by kind, subject id, subject kind (gap-finder.ts); a cursor is that key, so a page
 * after it stays right when the graph changes between pages (a gap gone is skipped, one added
 * before the cursor is not repeated). Reading a page words (message, evidence) only its gaps:
 * the engine's gaps are worded when first read.
 */
import { BadInputError } from '@pathway/graph/errors';
import type { Gap, GapKind, Severity } from '@pathway/graph/gaps/gap-finder';

/** At most this many gaps in one page, and regions in one `regionIds(first:)`. */
export const MAX_GAP_PAGE = 1000;

type GapKey = [kind: string, subjectId: string, subjectKind: string];

/** The opaque cursor of a gap: its sort key as base64url JSON. */
export function gapCursor(gap: Gap): string {
  return Buffer.from(JSON.stringify([gap.kind, gap.subjectId, gap.subjectKind])).toString('base64url');
}

function cursorKey(after: string): GapKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== 3 || !key.every((part) => typeof part === 'string')) {
    throw new BadInputError('after', 'is not a gap cursor from this API (a gap’s `cursor`)');
  }
  return key as GapKey;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareKey(gap: Gap, key: GapKey): number {
  return compareText(gap.kind, key[0]) || compareText(gap.subjectId, key[1]) || compareText(gap.subjectKind, key[2]);
}

export function checkLimit(value: number | null | undefined, path: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > MAX_GAP_PAGE) {
    throw new BadInputError(path, `must be from 1 to ${MAX_GAP_PAGE}`);
  }
  return value;
}

/** A page asked for: validated before the answer is computed. */
export interface GapPageRequest {
  first: number | undefined;
  after: GapKey | undefined;
}

/** Checks `first` and `after` (BadInputError naming the argument). */
export function gapPageRequest(first: number | null | undefined, after: string | null | undefined): GapPageRequest {
  return {
    first: checkLimit(first, 'first'),
    after: after === null || after === undefined ? undefined : cursorKey(after),
  };
}

/** The gaps after the cursor (none: from the start), at most `first` (none: all of them). */
export function gapPage(gaps: Gap[], page: GapPageRequest): Gap[] {
  const { first, after } = page;
  let start = 0;
  if (after !== undefined) {
    // The first gap after the key (binary search: the answer is in key order).
    let hi = gaps.length;
    while (start < hi) {
      const mid = (start + hi) >> 1;
      if (compareKey(gaps[mid] as Gap, after) <= 0) start = mid + 1;
      else hi = mid;
    }
  }
  if (start === 0 && first === undefined) return gaps;
  return gaps.slice(start, first === undefined ? undefined : start + first);
}

export interface GapKindCount {
  kind: GapKind;
  count: number;
  high: number;
  medium: number;
  low: number;
}

/** How many gaps the answer holds, in all and per kind (kinds in the answer's order), reading no message. */
export function gapSummary(gaps: readonly Gap[]): { total: number; byKind: GapKindCount[] } {
  const byKind = new Map<GapKind, GapKindCount>();
  for (const gap of gaps) {
    let row = byKind.get(gap.kind);
    if (!row) {
      row = { kind: gap.kind, count: 0, high: 0, medium: 0, low: 0 };
      byKind.set(gap.kind, row);
    }
    row.count++;
    row[gap.severity as Severity]++;
  }
  // A Map keeps insertion order, and the answer is sorted by kind.
  return { total: gaps.length, byKind: [...byKind.values()] };
}
