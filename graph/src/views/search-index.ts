/**
 * Typeahead search over names, titles, ids and SOC codes, from an index built once per snapshot
 * (a derived view): the distinct tokens in one sorted array, each with the ordinals of the
 * entities that have it. Ordinals run kind by kind (ENTITY_LABELS order), then by id, so one
 * kind's entities are a contiguous ordinal range and a kinds filter is a binary search inside a
 * token's postings. A keystroke costs two binary searches per word plus the walk over what it
 * finds, stopped once `first` hits are in (and bounded by MAX_VISITS): never a scan of every
 * entity. `naiveSearch` is the slow, obviously-right twin the property tests compare it with.
 *
 * Matching: every word of the text (split as names are, accents and case folded) must be the
 * prefix of some token of the entity. Order: entities whose id or code equals the whole text
 * first, then by the smallest token the text's longest word is a prefix of, then kind, then id.
 */
import { BadInputError } from '../errors.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { ENTITY_LABELS, type EntityLabel } from '../model/vocabulary.ts';

export interface SearchHit {
  kind: EntityLabel;
  id: string;
  /** 2: the id or a code is the text; otherwise the share of the matched token the word covers (0..1]. */
  score: number;
}

export interface SearchOptions {
  kinds?: readonly EntityLabel[];
  /** Only entities available in this region (programs, entry points, partners, supports, regions). */
  regionId?: string;
  first: number;
}

/** Postings visited per request at most: a very common prefix under a narrow filter stops here. */
export const MAX_VISITS = 50_000;
export const MAX_TEXT = 200;
export const MAX_FIRST = 100;

const ASCII = /^[\x20-\x7e]*$/;

/** Lower case, accents off (é → e), so "enfermería" finds "Enfermeria" and back. */
export function fold(text: string): string {
  // Most names are plain ASCII: normalising them would change nothing and costs the most.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The words of a text: runs of letters and digits after folding. */
export function words(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

interface Entity {
  id: string;
  name?: string;
  title?: string;
  soc?: string;
  onetSoc?: string;
}

function codes(entity: Entity): string[] {
  return [entity.id, entity.soc, entity.onetSoc].filter((c): c is string => typeof c === 'string' && c !== '');
}

/** An entity's tokens: the words of its name or title and of its id and codes, and the whole id and codes. */
export function tokensOf(entity: Entity): string[] {
  const list = codes(entity);
  const out = words(`${entity.title ?? entity.name ?? ''} ${list.join(' ')}`);
  for (const c of list) out.push(fold(c));
  // A handful of tokens: a linear dedupe beats building a Set per entity.
  return out.filter((t, i) => out.indexOf(t) === i);
}

export interface SearchIndex {
  /** Distinct tokens, sorted (code-unit order). */
  tokens: string[];
  /** postings[starts[i]..starts[i + 1]]: ordinals of the entities with tokens[i], ascending. */
  postings: Int32Array;
  starts: Int32Array;
  /** Ordinal → kind index (into ENTITY_LABELS) and id. */
  kindOf: Uint8Array;
  ids: string[];
  /** kindStart[k]..kindStart[k + 1]: the ordinals of ENTITY_LABELS[k]. */
  kindStart: number[];
  /** Folded id or code → ordinals of the entities with it. */
  exact: Map<string, number[]>;
}

export function buildSearchIndex(index: GraphIndex): SearchIndex {
  const ids: string[] = [];
  const kindOf: number[] = [];
  const kindStart: number[] = [];
  const lists = new Map<string, number[]>();
  const exact = new Map<string, number[]>();
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    kindStart.push(ids.length);
    const map = index.entitiesOf(kind);
    for (const id of [...map.keys()].sort()) {
      const ordinal = ids.length;
      const entity = map.get(id) as Entity;
      ids.push(id);
      kindOf.push(k);
      for (const token of tokensOf(entity)) {
        const list = lists.get(token);
        if (list) list.push(ordinal);
        else lists.set(token, [ordinal]);
      }
      for (const code of new Set(codes(entity).map(fold))) {
        const list = exact.get(code);
        if (list) list.push(ordinal);
        else exact.set(code, [ordinal]);
      }
    }
  }
  kindStart.push(ids.length);
  const tokens = [...lists.keys()].sort();
  // One flat array for every token's postings: a typed array per token costs more than the rest.
  const starts = new Int32Array(tokens.length + 1);
  let size = 0;
  for (const [i, t] of tokens.entries()) {
    starts[i] = size;
    size += (lists.get(t) as number[]).length;
  }
  starts[tokens.length] = size;
  const postings = new Int32Array(size);
  for (const [i, t] of tokens.entries()) postings.set(lists.get(t) as number[], starts[i] as number);
  return {
    tokens,
    postings,
    starts,
    kindOf: Uint8Array.from(kindOf),
    ids,
    kindStart,
    exact,
  };
}

// Built with the snapshot, so that the first keystroke after a change does not wait for it
// (about 0.3 s of CPU per 100,000 nodes).
const SEARCH_INDEX = defineView('search-index', buildSearchIndex, { warm: true });

/** The first position in the sorted array whose value is ≥ key. */
function lowerBound(sorted: ArrayLike<string | number>, key: string | number, lo = 0, hi = sorted.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string | number) < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The range of sorted tokens that start with this prefix. */
function prefixRange(tokens: string[], prefix: string): [number, number] {
  const lo = lowerBound(tokens, prefix);
  // Every token starting with the prefix sorts before prefix + the highest code unit.
  const hi = lowerBound(tokens, `${prefix}\uffff`, lo);
  return [lo, hi];
}

export function parseSearch(text: unknown, options: SearchOptions): { words: string[]; whole: string } {
  if (typeof text !== 'string' || text.trim().length === 0) throw new BadInputError('text', 'must not be empty');
  if (text.length > MAX_TEXT) throw new BadInputError('text', `must be at most ${MAX_TEXT} characters`);
  if (!Number.isInteger(options.first) || options.first < 1 || options.first > MAX_FIRST)
    throw new BadInputError('first', `must be a whole number from 1 to ${MAX_FIRST}`);
  const list = words(text).slice(0, 8);
  if (list.length === 0) throw new BadInputError('text', 'must contain a letter or a digit');
  return { words: list, whole: fold(text.trim()) };
}

/** The longest word (the first of the longest): the one whose tokens order the hits. */
function leadWord(list: string[]): string {
  return list.reduce((best, w) => (w.length > best.length ? w : best));
}

/** Whether an entity is in the region's view: as the map's region view decides (CONTRACT.md section 2). */
export function regionFilter(index: GraphIndex, regionId: string | undefined) {
  if (regionId === undefined) return () => true;
  index.requireRegion(regionId, 'regionId');
  const related = index.relatedRegions(regionId);
  const chain = new Set(index.chain(regionId));
  return (kind: EntityLabel, id: string): boolean => {
    switch (kind) {
      case 'Program':
        return index.isAvailable(index.programs.get(id) ?? {}, related);
      case 'EntryPoint':
        return index.isAvailable(index.entryPoints.get(id) ?? {}, related);
      case 'Partner':
        return index.isAvailable(index.partners.get(id) ?? {}, related);
      case 'Region':
        return related.has(id);
      case 'Support': {
        const support = index.supports.get(id);
        return (
          (support?.regionIds ?? []).some((r) => chain.has(r)) ||
          (support?.programIds ?? []).some((p) => index.isAvailable(index.programs.get(p) ?? {}, related))
        );
      }
      default:
        return true;
    }
  };
}

function kindSet(kinds: readonly EntityLabel[] | undefined): number[] {
  if (!kinds || kinds.length === 0) return ENTITY_LABELS.map((_, k) => k);
  const wanted = new Set(kinds);
  return ENTITY_LABELS.flatMap((label, k) => (wanted.has(label) ? [k] : []));
}

export function searchIndexed(index: GraphIndex, text: unknown, options: SearchOptions): SearchHit[] {
  const { words: list, whole } = parseSearch(text, options);
  const inRegion = regionFilter(index, options.regionId);
  const search = index.derived(SEARCH_INDEX);
  const kinds = kindSet(options.kinds);
  const kindOk = new Set(kinds);
  const lead = leadWord(list);
  const others = list.filter((_, i) => i !== list.indexOf(lead));
  const out: SearchHit[] = [];
  const seen = new Set<number>();
  let visits = 0;

  const accept = (ordinal: number, score: number): boolean => {
    if (seen.has(ordinal)) return false;
    seen.add(ordinal);
    const kind = ENTITY_LABELS[search.kindOf[ordinal] as number] as EntityLabel;
    const id = search.ids[ordinal] as string;
    if (!kindOk.has(search.kindOf[ordinal] as number) || !inRegion(kind, id)) return false;
    if (others.length > 0) {
      const tokens = tokensOf(index.entitiesOf(kind).get(id) as Entity);
      if (!others.every((w) => tokens.some((t) => t.startsWith(w)))) return false;
    }
    out.push({ kind, id, score });
    return true;
  };

  for (const ordinal of search.exact.get(whole) ?? []) {
    if (out.length >= options.first) return out;
    accept(ordinal, 2);
  }
  const [lo, hi] = prefixRange(search.tokens, lead);
  for (let t = lo; t < hi && out.length < options.first && visits < MAX_VISITS; t += 1) {
    const postings = search.postings;
    const begin = search.starts[t] as number;
    const end = search.starts[t + 1] as number;
    const score = lead.length / (search.tokens[t] as string).length;
    for (const k of kinds) {
      const from = lowerBound(postings, search.kindStart[k] as number, begin, end);
      const to = lowerBound(postings, search.kindStart[k + 1] as number, from, end);
      for (let i = from; i < to && out.length < options.first && visits < MAX_VISITS; i += 1) {
        visits += 1;
        accept(postings[i] as number, score);
      }
      visits += 1;
    }
  }
  return out;
}

/** The obviously-right twin: every entity, its tokens, the same rules and order, no index. */
export function naiveSearch(index: GraphIndex, text: unknown, options: SearchOptions): SearchHit[] {
  const { words: list, whole } = parseSearch(text, options);
  const inRegion = regionFilter(index, options.regionId);
  const kinds = new Set(kindSet(options.kinds).map((k) => ENTITY_LABELS[k]));
  const lead = leadWord(list);
  const rows: { hit: SearchHit; exact: boolean; token: string; kind: number }[] = [];
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    if (!kinds.has(kind)) continue;
    for (const [id, entity] of index.entitiesOf(kind)) {
      if (!inRegion(kind, id)) continue;
      const tokens = tokensOf(entity);
      if (!list.every((w) => tokens.some((t) => t.startsWith(w)))) continue;
      const exact = codes(entity).some((c) => fold(c) === whole);
      const token = tokens.filter((t) => t.startsWith(lead)).sort()[0] as string;
      rows.push({ hit: { kind, id, score: exact ? 2 : lead.length / token.length }, exact, token, kind: k });
    }
  }
  rows.sort(
    (a, b) =>
      Number(b.exact) - Number(a.exact) ||
      (a.exact ? 0 : a.token < b.token ? -1 : a.token > b.token ? 1 : 0) ||
      a.kind - b.kind ||
      (a.hit.id < b.hit.id ? -1 : a.hit.id > b.hit.id ? 1 : 0),
  );
  return rows.slice(0, options.first).map((r) => r.hit);
}
