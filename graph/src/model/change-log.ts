/**
 * What one write created, changed and deleted, by kind (bundle keys: `programs`, `outcomes`,
 * `edges`…), as the write log stores it and `GET /api/writes` returns it. Keys are entity ids,
 * row keys (`regionId|household`, `occupationId|regionId`, `programId|cohortYear`,
 * `fromProgramId|toProgramId|cohortYear`) and edges as `KIND|from|to` — the keys of
 * model/index-delta.ts, so a service can apply the write to its in-memory index.
 *
 * A big write is capped: the log keeps its first WRITE_LOG_MAX_KEYS keys and says
 * `truncated: true` (the counts stay exact); a replace is always truncated, as its deletions are
 * not listed. A reader that meets a truncated write rebuilds its index in full instead.
 */

export const WRITE_LOG_MAX_KEYS = 10_000;

export type ChangeKind = 'created' | 'changed' | 'deleted';

export interface WriteChanges {
  created: Record<string, string[]>;
  changed: Record<string, string[]>;
  deleted: Record<string, string[]>;
  truncated: boolean;
}

export class ChangeLog {
  private readonly changes: WriteChanges = { created: {}, changed: {}, deleted: {}, truncated: false };
  private size = 0;

  constructor(private readonly max = WRITE_LOG_MAX_KEYS) {}

  add(change: ChangeKind, kind: string, key: string): void {
    if (this.changes.truncated) return;
    if (this.size >= this.max) {
      this.truncate();
      return;
    }
    this.size += 1;
    const lists = this.changes[change];
    const list = lists[kind];
    if (list) list.push(key);
    else lists[kind] = [key];
  }

  /** Stops listing (the write is too big, or its deletions are not known one by one); what is listed stays. */
  truncate(): void {
    this.changes.truncated = true;
  }

  toJSON(): WriteChanges {
    return this.changes;
  }
}

/** Every key a write touched, by kind (what a reader re-reads). */
export function touchedKeys(changes: WriteChanges): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const lists of [changes.created, changes.changed, changes.deleted]) {
    for (const [kind, keys] of Object.entries(lists)) out[kind] = [...(out[kind] ?? []), ...keys];
  }
  return out;
}
