/**
 * A what-if's change to the graph (CONTRACT.md section 7), as bundles: the fragment validated
 * exactly as an import is (validate.ts, references resolving against the graph and the
 * fragment), then applied to a copy of the graph's bundle — upserted by id as the loader does
 * (load.ts: an entity, row or edge in the fragment replaces the one with the same id or key,
 * anything it does not mention stays), then the removed ids deleted with their cascade. The
 * result is the bundle a fresh graph would hold after loading the fragment and deleting the ids;
 * nothing is ever written.
 *
 * The removal cascade: an entity of `removeIds` (of any kind with that id) goes, and with it
 * every edge, wage row, threshold, outcome and transition naming it, every requirement-group
 * member, list member and optional reference naming it, and every pathway role of a removed
 * partner. What cannot stand without it goes too: a program whose provider is removed, and a
 * support offered by a removed partner (a partner's programs and supports are its own). A
 * requirement group emptied by the removal stays, and no one can satisfy it: removing what a
 * program requires never opens the program. Removing the last region an entity lists leaves it
 * listing none, which the contract reads as available everywhere.
 */
import { BadInputError, NotFoundError } from '../errors.ts';
import { type ValidationResult, validateBundle } from '../import/validate.ts';
import { type Bundle, EDGE_ENDPOINTS, type Edge } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_MAPPINGS, ROW_MAPPINGS, rowKey } from '../model/mapping.ts';
import type { EntityLabel } from '../model/vocabulary.ts';

type Rec = Record<string, unknown>;

/** A fragment refused as an import would be: every problem with its path (`input.add.programs[0].providerId`). */
export class FragmentValidationError extends BadInputError {
  readonly details: { path: string; message: string }[];

  constructor(details: { path: string; message: string }[]) {
    const first = details[0] ?? { path: 'input.add', message: 'is not a valid bundle fragment' };
    const more =
      details.length > 1
        ? ` (and ${details.length - 1} more: ${details
            .slice(1, 6)
            .map((d) => d.path)
            .join(', ')}${details.length > 6 ? ', …' : ''})`
        : '';
    super(first.path, `${first.message}${more}`);
    this.details = details;
  }
}

function prefixed(path: string): string {
  return path === '(bundle)' ? 'input.add' : `input.add.${path}`;
}

/**
 * The fragment as a bundle, validated as an import against the graph of `index`: format and
 * version may be left out (they default to a 1.1 bundle). Refused with every problem at once.
 */
export async function validateFragment(index: GraphIndex, add: Rec | undefined): Promise<Bundle> {
  const raw = { format: 'pathway-bundle', version: 1.1, ...(add ?? {}) };
  const result: ValidationResult = await validateBundle(raw, async (label, ids) => {
    const known = index.entitiesOf(label);
    return new Set(ids.filter((id) => known.has(id)));
  });
  if (!result.ok) {
    throw new FragmentValidationError(result.errors.map((e) => ({ path: prefixed(e.path), message: e.message })));
  }
  return result.bundle;
}

/** Entities of a bundle by label (id → record), for the kinds that have ids. */
function idsByLabel(bundle: Bundle): Map<EntityLabel, Set<string>> {
  const out = new Map<EntityLabel, Set<string>>();
  for (const mapping of ENTITY_MAPPINGS) {
    out.set(mapping.label, new Set(((bundle[mapping.key] ?? []) as { id: string }[]).map((e) => e.id)));
  }
  return out;
}

/**
 * `base` with `added` upserted by key: an item with a key already there replaces it in place, a
 * new one is appended. `mayMatch` (optional) cheaply rules out base items that cannot share a key
 * with any added one, so a large list is scanned without building every key.
 */
function upsert<T>(
  base: readonly T[] | undefined,
  added: readonly T[] | undefined,
  keyOf: (item: T) => string,
  mayMatch?: (item: T) => boolean,
): T[] {
  const out = [...(base ?? [])];
  if (!added || added.length === 0) return out;
  const at = new Map<string, number>();
  out.forEach((item, i) => {
    if (mayMatch === undefined || mayMatch(item)) at.set(keyOf(item), i);
  });
  for (const item of added) {
    const key = keyOf(item);
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(item);
    } else out[i] = item;
  }
  return out;
}

const edgeKeyOf = (e: Edge) => `${e.kind}|${e.from}|${e.to}`;

/** The graph's bundle with the fragment upserted into it, as loading the fragment would leave it. */
export function upsertFragment(base: Bundle, fragment: Bundle): Bundle {
  const out: Bundle = { ...base };
  if (fragment.source) out.source = fragment.source;
  for (const mapping of ENTITY_MAPPINGS) {
    const key = mapping.key;
    if (!fragment[key]) continue;
    (out as Rec)[key] = upsert(
      base[key] as { id: string }[] | undefined,
      fragment[key] as { id: string }[],
      (e) => e.id,
    );
  }
  for (const mapping of ROW_MAPPINGS) {
    const key = mapping.key;
    if (!fragment[key]) continue;
    (out as Rec)[key] = upsert(
      base[key] as Rec[] | undefined,
      fragment[key] as Rec[],
      (r) => rowKey(mapping, r) as string,
    );
  }
  if (fragment.edges) {
    const froms = new Set(fragment.edges.map((e) => e.from));
    out.edges = upsert(base.edges, fragment.edges, edgeKeyOf, (e) => froms.has(e.from));
  }
  return out;
}

/**
 * Which entities removing `removeIds` takes, by label: every entity with one of those ids (of any
 * kind), and what cannot stand without them (programs and supports of a removed partner). An id
 * that is nowhere in `bundle` is a NotFoundError naming its place in `input.removeIds`.
 */
export function removalSet(bundle: Bundle, removeIds: readonly string[]): Map<EntityLabel, Set<string>> {
  const present = idsByLabel(bundle);
  const removed = new Map<EntityLabel, Set<string>>(ENTITY_MAPPINGS.map((m) => [m.label, new Set<string>()]));
  removeIds.forEach((id, i) => {
    let found = false;
    for (const [label, ids] of present) {
      if (ids.has(id)) {
        removed.get(label)?.add(id);
        found = true;
      }
    }
    if (!found) throw new NotFoundError(`input.removeIds[${i}]`, `"${id}" is neither in the graph nor in input.add`);
  });
  const partners = removed.get('Partner') as Set<string>;
  if (partners.size > 0) {
    for (const p of bundle.programs ?? []) if (partners.has(p.providerId)) removed.get('Program')?.add(p.id);
    for (const s of bundle.supports ?? []) {
      if (s.providerId !== undefined && partners.has(s.providerId)) removed.get('Support')?.add(s.id);
    }
  }
  return removed;
}

/** The bundle without the removed entities and everything that names them (the cascade above). */
export function removeEntities(bundle: Bundle, removed: Map<EntityLabel, Set<string>>): Bundle {
  const gone = (label: EntityLabel, id: unknown) => typeof id === 'string' && (removed.get(label)?.has(id) ?? false);
  if ([...removed.values()].every((s) => s.size === 0)) return bundle;
  const out: Bundle = { ...bundle };
  for (const mapping of ENTITY_MAPPINGS) {
    const items = bundle[mapping.key] as Rec[] | undefined;
    if (!items) continue;
    const kept: Rec[] = [];
    let touched = false;
    for (const item of items) {
      if (gone(mapping.label, item.id)) {
        touched = true;
        continue;
      }
      let copy: Rec | undefined;
      const edit = () => {
        copy ??= { ...item };
        return copy;
      };
      for (const ref of mapping.refs) {
        const value = item[ref.field];
        if (value === undefined) continue;
        if (ref.many) {
          const list = value as string[];
          if (list.some((v) => gone(ref.target, v))) edit()[ref.field] = list.filter((v) => !gone(ref.target, v));
        } else if (gone(ref.target, value)) delete edit()[ref.field];
      }
      for (const nested of mapping.nested) {
        const value = item[nested.field] as unknown[] | undefined;
        if (!value) continue;
        if (nested.shape === 'groups') {
          const groups = value as string[][];
          if (groups.some((g) => g.some((v) => gone(nested.target, v)))) {
            edit()[nested.field] = groups.map((g) => g.filter((v) => !gone(nested.target, v)));
          }
        } else {
          const rows = value as Rec[];
          if (rows.some((r) => gone(nested.target, r[nested.idField]))) {
            edit()[nested.field] = rows.filter((r) => !gone(nested.target, r[nested.idField]));
          }
        }
      }
      if (copy) touched = true;
      kept.push(copy ?? item);
    }
    // A list the removal does not touch stays the same array: the overlay index shares its tables.
    if (touched) (out as Rec)[mapping.key] = kept;
  }
  for (const mapping of ROW_MAPPINGS) {
    const rows = bundle[mapping.key] as Rec[] | undefined;
    if (!rows) continue;
    const ends = mapping.shape === 'node' ? [mapping.link] : [mapping.from, mapping.to];
    const kept = rows.filter((row) => !ends.some((end) => gone(end.label, row[end.field])));
    if (kept.length < rows.length) (out as Rec)[mapping.key] = kept;
  }
  if (bundle.edges) {
    const kept = bundle.edges.filter((e) => {
      const [fromLabel, toLabel] = EDGE_ENDPOINTS[e.kind];
      return !gone(fromLabel, e.from) && !gone(toLabel, e.to);
    });
    if (kept.length < bundle.edges.length) out.edges = kept;
  }
  return out;
}

/** The bundle the graph would be after the change: the fragment upserted, then the ids removed. */
export function changedBundle(base: Bundle, fragment: Bundle | undefined, removeIds: readonly string[]): Bundle {
  const upserted = fragment ? upsertFragment(base, fragment) : base;
  return removeEntities(upserted, removalSet(upserted, removeIds));
}
