/** Cursors of the map's pages and of an overview group's members: both are ordered by kind (ENTITY_LABELS order), then id. */
import { BadInputError } from '../errors.ts';
import { ID_PATTERN } from '../model/bundle.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';

/** A page cursor: the last node's `Kind:id`, base64url, so the next page starts after it even if that node went. */
export function encodeCursor(kind: EntityLabel, id: string): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(value: unknown, path: string): { k: number; id: string } {
  if (typeof value === 'string' && /^[A-Za-z0-9_-]{1,400}$/.test(value)) {
    const text = Buffer.from(value, 'base64url').toString('utf8');
    const colon = text.indexOf(':');
    const k = ENTITY_LABELS.indexOf(text.slice(0, colon) as EntityLabel);
    const id = text.slice(colon + 1);
    if (colon > 0 && k >= 0 && ID_PATTERN.test(id)) return { k, id };
  }
  throw new BadInputError(path, 'must be a cursor from an earlier page');
}

/** The position of the first (kind, id) after the cursor, in a list ordered by kind index then id. */
export function lowerBoundAfter(list: readonly { k: number; id: string }[], after: { k: number; id: string }): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = list[mid] as { k: number; id: string };
    if (item.k < after.k || (item.k === after.k && item.id <= after.id)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
