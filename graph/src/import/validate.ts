/**
 * The one bundle validator: shape and values (zod), then what zod cannot see — duplicate
 * ids and keys, references to ids that are neither in the bundle nor in the graph, edges
 * whose endpoints are of the wrong kind, region cycles. Every problem is reported at once,
 * each with its JSON path (`programs[3].requires[0][1]`) and reason.
 */
import type { z } from 'zod';
import { type Bundle, bundleSchema, EDGE_ENDPOINTS, type EdgeKind } from '../model/bundle.ts';
import { EDGE_MAPPINGS, ENTITY_MAPPINGS, ROW_MAPPINGS, rowKey } from '../model/mapping.ts';
import type { EntityLabel } from '../model/vocabulary.ts';

export interface BundleIssue {
  path: string;
  message: string;
}

/** Which of these ids exist in the graph with this label (for references outside the bundle). */
export type ExistingIds = (label: EntityLabel, ids: string[]) => Promise<Set<string>>;

export const noExistingIds: ExistingIds = async () => new Set();

export type ValidationResult = { ok: true; bundle: Bundle } | { ok: false; errors: BundleIssue[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(bundle)';
}

export function zodIssues(error: z.ZodError, prefix: readonly PropertyKey[] = []): BundleIssue[] {
  return error.issues.map((issue) => ({ path: formatPath([...prefix, ...issue.path]), message: issue.message }));
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

interface Reference {
  label: EntityLabel;
  id: string;
  path: string;
  /** For edges: the edge kind, to word the message. */
  edgeKind?: EdgeKind;
}

export async function validateBundle(raw: unknown, existing: ExistingIds): Promise<ValidationResult> {
  const errors: BundleIssue[] = [];
  const parsed = bundleSchema.safeParse(raw);
  if (!parsed.success) for (const issue of zodIssues(parsed.error)) errors.push(issue);
  if (!isRec(raw)) return { ok: false, errors };

  // What the bundle declares, by label (first path of each id).
  const declared = new Map<EntityLabel, Map<string, string>>();
  const references: Reference[] = [];
  const refer = (label: EntityLabel, value: unknown, path: string, edgeKind?: EdgeKind) => {
    const id = str(value);
    if (id !== undefined) references.push({ label, id, path, edgeKind });
  };

  for (const mapping of ENTITY_MAPPINGS) {
    const ids = new Map<string, string>();
    declared.set(mapping.label, ids);
    arr(raw[mapping.key]).forEach((item, i) => {
      if (!isRec(item)) return;
      const path = `${mapping.key}[${i}]`;
      const id = str(item.id);
      if (id !== undefined) {
        const first = ids.get(id);
        if (first !== undefined)
          errors.push({ path: `${path}.id`, message: `duplicate id "${id}" (first at ${first})` });
        else ids.set(id, path);
      }
      for (const ref of mapping.refs) {
        const value = item[ref.field];
        if (ref.many) {
          arr(value).forEach((v, j) => {
            refer(ref.target, v, `${path}.${ref.field}[${j}]`);
          });
        } else refer(ref.target, value, `${path}.${ref.field}`);
      }
      for (const nested of mapping.nested) {
        arr(item[nested.field]).forEach((value, g) => {
          const at = `${path}.${nested.field}[${g}]`;
          if (nested.shape === 'groups') {
            arr(value).forEach((v, j) => {
              refer(nested.target, v, `${at}[${j}]`);
            });
          } else if (isRec(value)) refer(nested.target, value[nested.idField], `${at}.${nested.idField}`);
        });
      }
      if (mapping.key === 'regions' && id !== undefined && item.parentId === id) {
        errors.push({ path: `${path}.parentId`, message: 'a region cannot be its own parent' });
      }
    });
  }

  const keyed = (key: string, items: unknown[], keyOf: (r: Rec) => string | undefined, what: string) => {
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      if (!isRec(item)) return;
      const k = keyOf(item);
      if (k === undefined) return;
      const first = seen.get(k);
      if (first !== undefined)
        errors.push({ path: `${key}[${i}]`, message: `duplicate ${what} (first at ${key}[${first}])` });
      else seen.set(k, i);
    });
  };

  for (const mapping of ROW_MAPPINGS) {
    const rows = arr(raw[mapping.key]);
    const ends = mapping.shape === 'node' ? [mapping.link] : [mapping.from, mapping.to];
    rows.forEach((item, i) => {
      if (!isRec(item)) return;
      for (const end of ends) refer(end.label, item[end.field], `${mapping.key}[${i}].${end.field}`);
      if (mapping.shape === 'relationship' && mapping.selfLoop !== undefined) {
        const from = item[mapping.from.field];
        if (typeof from === 'string' && from === item[mapping.to.field]) {
          errors.push({ path: `${mapping.key}[${i}].${mapping.to.field}`, message: mapping.selfLoop });
        }
      }
    });
    keyed(mapping.key, rows, (r) => rowKey(mapping, r), mapping.what);
  }

  const edges = arr(raw.edges);
  edges.forEach((item, i) => {
    if (!isRec(item)) return;
    const kind = str(item.kind) as EdgeKind | undefined;
    const ends = kind && kind in EDGE_ENDPOINTS ? EDGE_ENDPOINTS[kind] : undefined;
    if (!ends) return;
    refer(ends[0], item.from, `edges[${i}].from`, kind);
    refer(ends[1], item.to, `edges[${i}].to`, kind);
    if (item.from === item.to && ends[0] === ends[1]) {
      errors.push({ path: `edges[${i}]`, message: `a ${kind} edge cannot lead from "${String(item.from)}" to itself` });
    }
  });
  const [edgeMapping] = EDGE_MAPPINGS;
  if (edgeMapping) keyed('edges', edges, (r) => rowKey(edgeMapping, r), edgeMapping.what);

  // Region cycles inside the bundle.
  const regions = arr(raw.regions).filter(isRec);
  const parentOf = new Map(regions.map((r) => [str(r.id), str(r.parentId)]));
  regions.forEach((region, i) => {
    const start = str(region.id);
    if (start === undefined || region.parentId === start) return;
    const seen = new Set<string>([start]);
    let next = parentOf.get(start);
    while (next !== undefined && parentOf.has(next)) {
      if (next === start) {
        errors.push({
          path: `regions[${i}].parentId`,
          message: `region "${start}" is its own ancestor (a parentId cycle)`,
        });
        break;
      }
      if (seen.has(next)) break;
      seen.add(next);
      next = parentOf.get(next);
    }
  });

  // References: in the bundle, else in the graph.
  const missing = new Map<EntityLabel, Set<string>>();
  for (const r of references) {
    if (declared.get(r.label)?.has(r.id)) continue;
    const set = missing.get(r.label) ?? new Set<string>();
    missing.set(r.label, set);
    set.add(r.id);
  }
  const inGraph = new Map<EntityLabel, Set<string>>();
  for (const [label, ids] of missing) inGraph.set(label, await existing(label, [...ids]));
  for (const r of references) {
    if (declared.get(r.label)?.has(r.id) || inGraph.get(r.label)?.has(r.id)) continue;
    const otherKind = [...declared].find(([label, ids]) => label !== r.label && ids.has(r.id))?.[0];
    const why = otherKind
      ? `"${r.id}" is a ${otherKind} in this bundle, but ${r.edgeKind ? `${r.edgeKind} needs` : 'this field needs'} a ${r.label}`
      : `unknown ${r.label} "${r.id}": neither in this bundle nor in the graph`;
    errors.push({ path: r.path, message: why });
  }

  errors.push(...(await removeListIssues(raw, declared, references, existing)));

  if (errors.length > 0 || !parsed.success) return { ok: false, errors: dedupe(errors) };
  return { ok: true, bundle: parsed.data };
}

/**
 * The `remove` list (import/remove.ts): each id once, naming an entity of the graph, neither
 * written by this bundle nor named by one of its records.
 */
async function removeListIssues(
  raw: Rec,
  declared: Map<EntityLabel, Map<string, string>>,
  references: Reference[],
  existing: ExistingIds,
): Promise<BundleIssue[]> {
  const ids = arr(raw.remove)
    .map((v, i) => [str(v), i] as const)
    .filter((e): e is readonly [string, number] => e[0] !== undefined);
  if (ids.length === 0) return [];
  const issues: BundleIssue[] = [];
  const at = new Map<string, number>();
  const found = new Set<string>();
  for (const label of declared.keys()) {
    for (const id of await existing(
      label,
      ids.map(([id]) => id),
    ))
      found.add(id);
  }
  for (const [id, i] of ids) {
    const path = `remove[${i}]`;
    const first = at.get(id);
    if (first !== undefined) {
      issues.push({ path, message: `"${id}" is listed twice (first at remove[${first}])` });
      continue;
    }
    at.set(id, i);
    const written = [...declared.values()].map((m) => m.get(id)).find((p) => p !== undefined);
    if (written)
      issues.push({
        path,
        message: `"${id}" is also written by this bundle (${written}): remove or write it, not both`,
      });
    else if (!found.has(id)) issues.push({ path, message: `no entity "${id}" in the graph to remove` });
  }
  for (const r of references) {
    const i = at.get(r.id);
    if (i !== undefined) issues.push({ path: r.path, message: `"${r.id}" is removed by this bundle (remove[${i}])` });
  }
  return issues;
}

function dedupe(errors: BundleIssue[]): BundleIssue[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export class BundleValidationError extends Error {
  override readonly name = 'BundleValidationError';
  readonly errors: BundleIssue[];

  constructor(errors: BundleIssue[]) {
    super(`the bundle has ${errors.length} error${errors.length === 1 ? '' : 's'}`);
    this.errors = errors;
  }
}
