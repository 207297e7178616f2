/**
 * Typeahead search over names, titles, ids and SOC codes, from an index built once per snapshot
 * (a derived view): the distinct tokens in one sorted array, each with the ordinals of the
 * entities that have it. Ordinals run kind by kind (ENTITY_LABELS order), then by id, so one
 * kind's entities are a contiguous ordinal range and a kinds filter is a binary search inside a
 * token's postings. A keystroke costs two binary searches per word plus the walk over what it
 * finds, stopped once `first` hits are in (and bounded by MAX_VISITS): never a scan of every
 * entity. `naiveSearch` is the slow, obviously-right twin the property tests compare it with.
 * After a write the view is made from the previous one by the delta (SearchView: the base with
 * the touched entities masked, plus a small index of them as they are now), walked as one index.
 *
 * Matching: every word of the text (split as names are, accents and case folded) must be the
 * prefix of some token of the entity. Order: entities whose id or code equals the whole text
 * first, then by the smallest token the text's longest word is a prefix of, then kind, then id.
 */
import { BadInputError } from '../errors.ts';
import { defineView } from '../model/derived-view.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { DELTA_KIND_OF_LABEL, type IndexDelta } from '../model/index-delta.ts';
import { compactAt } from '../model/layered-map.ts';
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
  return indexEntities(
    (label) => [...index.entitiesOf(label).keys()].sort(),
    (label, id) => index.entitiesOf(label).get(id) as Entity,
  );
}

/** The search index of the entities `idsOf` lists (sorted, per kind), numbered kind by kind, then by id. */
function indexEntities(
  idsOf: (label: EntityLabel) => readonly string[],
  entityOf: (label: EntityLabel, id: string) => Entity,
): SearchIndex {
  const ids: string[] = [];
  const kindOf: number[] = [];
  const kindStart: number[] = [];
  const lists = new Map<string, number[]>();
  const exact = new Map<string, number[]>();
  for (const [k, kind] of ENTITY_LABELS.entries()) {
    kindStart.push(ids.length);
    for (const id of idsOf(kind)) {
      const ordinal = ids.length;
      const entity = entityOf(kind, id);
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

/**
 * The view: a search index built whole (`base`) and a patch for the writes since. An update
 * (`searchWithDelta`) does not renumber the base (an added entity would move every later
 * ordinal): the entities the deltas touched are `masked` in the base and indexed again, as they
 * are now, in the small `extra`, numbered the same way (kind, then id). A search walks both,
 * merged in the order one index of the whole graph would give (see searchIndexed).
 */
export interface SearchView {
  base: SearchIndex;
  /** Base ordinals of the entities touched since the base was built (changed or deleted). */
  masked: ReadonlySet<number>;
  /** The touched entities that exist now. */
  extra: SearchIndex;
  /** The ids touched since the base was built, per kind: what `extra` is built from. */
  patch: ReadonlyMap<EntityLabel, ReadonlySet<string>>;
}

const noEntities = () => [];
const EMPTY = indexEntities(noEntities, () => ({ id: '' }));

function buildSearchView(index: GraphIndex): SearchView {
  return { base: buildSearchIndex(index), masked: new Set(), extra: EMPTY, patch: new Map() };
}

/** The ordinal of an entity in a search index, if it is there (ids are sorted within a kind's range). */
function ordinalOf(search: SearchIndex, k: number, id: string): number | undefined {
  const end = search.kindStart[k + 1] as number;
  const at = lowerBound(search.ids, id, search.kindStart[k] as number, end);
  return at < end && search.ids[at] === id ? at : undefined;
}

/**
 * The view of `next` from that of the index it was made from by `delta`: the delta's entities
 * added to the patch, and `extra` indexed again over the whole patch (the patch is small: time
 * proportional to it, not to the graph). Only entity records give tokens, so a delta that touches
 * none (edges, wages, outcomes…) keeps the view as it is; the region filter and the other words'
 * check read the index a search is asked of, at search time. Once the patch outgrows the size
 * the index's maps fold theirs at (compactAt: √size × 8, at least 4,096 entities), base and patch
 * are folded into a new base (foldSearchIndex, O(size) but no tokenising), so a search's cost
 * stays near that of one index and the fold is amortised over that many touched entities.
 */
function searchWithDelta(view: SearchView, next: GraphIndex, delta: IndexDelta): SearchView | undefined {
  const patch = new Map(view.patch);
  const masked = new Set(view.masked);
  let touched = false;
  for (const [k, label] of ENTITY_LABELS.entries()) {
    const keys = delta.touched[DELTA_KIND_OF_LABEL[label]] ?? [];
    if (keys.length === 0) continue;
    touched = true;
    const ids = new Set(view.patch.get(label));
    for (const id of keys) {
      ids.add(id);
      const ordinal = ordinalOf(view.base, k, id);
      if (ordinal !== undefined) masked.add(ordinal);
    }
    patch.set(label, ids);
  }
  if (!touched) return view;
  let size = 0;
  for (const ids of patch.values()) size += ids.size;
  const extra = indexEntities(
    (label) => [...(patch.get(label) ?? [])].filter((id) => next.entitiesOf(label).has(id)).sort(),
    (label, id) => next.entitiesOf(label).get(id) as Entity,
  );
  if (size > compactAt(view.base.ids.length))
    return { base: foldSearchIndex(view.base, masked, extra), masked: new Set(), extra: EMPTY, patch: new Map() };
  return { base: view.base, masked, extra, patch };
}

/**
 * The index a full build over the graph gives, made from a base, its masked ordinals and an extra
 * index without tokenising anything again: the ids of each kind merged (masked ones left out), so
 * old ordinals map to new ones in order; each token's postings merged through that map; the exact
 * lists likewise. O(size) array work, several times cheaper than a build.
 */
export function foldSearchIndex(base: SearchIndex, masked: ReadonlySet<number>, extra: SearchIndex): SearchIndex {
  const fromBase = new Int32Array(base.ids.length).fill(-1);
  const fromExtra = new Int32Array(extra.ids.length);
  const ids: string[] = [];
  const kindOf: number[] = [];
  const kindStart: number[] = [];
  for (let k = 0; k < ENTITY_LABELS.length; k += 1) {
    kindStart.push(ids.length);
    let i = base.kindStart[k] as number;
    const iEnd = base.kindStart[k + 1] as number;
    let j = extra.kindStart[k] as number;
    const jEnd = extra.kindStart[k + 1] as number;
    for (;;) {
      while (i < iEnd && masked.has(i)) i += 1;
      if (i < iEnd && (j >= jEnd || (base.ids[i] as string) < (extra.ids[j] as string))) {
        fromBase[i] = ids.length;
        ids.push(base.ids[i] as string);
        i += 1;
      } else if (j < jEnd) {
        fromExtra[j] = ids.length;
        ids.push(extra.ids[j] as string);
        j += 1;
      } else break;
      kindOf.push(k);
    }
  }
  kindStart.push(ids.length);
  /** Mapped base list a[from..to) and extra list b[from..to) merged (both ascend once mapped). */
  const merge = (
    a: ArrayLike<number>,
    aFrom: number,
    aTo: number,
    b: ArrayLike<number>,
    bFrom: number,
    bTo: number,
    push: (ordinal: number) => void,
  ) => {
    let i = aFrom;
    let j = bFrom;
    for (;;) {
      const x = i < aTo ? (fromBase[a[i] as number] as number) : -2;
      if (x === -1) {
        i += 1;
        continue;
      }
      const y = j < bTo ? (fromExtra[b[j] as number] as number) : -2;
      if (x >= 0 && (y < 0 || x < y)) {
        push(x);
        i += 1;
      } else if (y >= 0) {
        push(y);
        j += 1;
      } else return;
    }
  };
  const tokens: string[] = [];
  const starts: number[] = [];
  let postings = new Int32Array(base.postings.length + extra.postings.length);
  let size = 0;
  const push = (ordinal: number) => {
    postings[size++] = ordinal;
  };
  let b = 0;
  let x = 0;
  while (b < base.tokens.length || x < extra.tokens.length) {
    const bt = b < base.tokens.length ? (base.tokens[b] as string) : undefined;
    const xt = x < extra.tokens.length ? (extra.tokens[x] as string) : undefined;
    const token = (bt === undefined ? xt : xt === undefined || bt <= xt ? bt : xt) as string;
    const at = size;
    merge(
      base.postings,
      bt === token ? (base.starts[b] as number) : 0,
      bt === token ? (base.starts[b + 1] as number) : 0,
      extra.postings,
      xt === token ? (extra.starts[x] as number) : 0,
      xt === token ? (extra.starts[x + 1] as number) : 0,
      push,
    );
    if (bt === token) b += 1;
    if (xt === token) x += 1;
    // A token only masked entities had is gone.
    if (size > at) {
      tokens.push(token);
      starts.push(at);
    }
  }
  starts.push(size);
  postings = postings.slice(0, size);
  const exact = new Map<string, number[]>();
  const none: number[] = [];
  for (const [code, list] of base.exact) {
    const out: number[] = [];
    const more = extra.exact.get(code) ?? none;
    merge(list, 0, list.length, more, 0, more.length, (o) => out.push(o));
    if (out.length > 0) exact.set(code, out);
  }
  for (const [code, list] of extra.exact)
    if (!base.exact.has(code))
      exact.set(
        code,
        list.map((o) => fromExtra[o] as number),
      );
  return { tokens, postings, starts: Int32Array.from(starts), kindOf: Uint8Array.from(kindOf), ids, kindStart, exact };
}

// Built with the snapshot, so that the first keystroke after a change does not wait for it
// (about 0.3 s of CPU per 100,000 nodes in full; a write's update costs the size of the patch).
export const SEARCH_INDEX = defineView('search-index', buildSearchView, {
  warm: true,
  update: (view: SearchView, _old: GraphIndex, next: GraphIndex, delta: IndexDelta) =>
    searchWithDelta(view, next, delta),
});

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

/**
 * Walks the view's base and extra as one index of the whole graph would be walked: the exact
 * matches, then the tokens the lead word is a prefix of in token order and, within a token, kind
 * by kind, by id (both indexes number entities that way, so within a kind's range comparing ids
 * merges them); masked base entries are skipped as if they were not there. Visits are counted as
 * that one index's walk counts them (a posting it would hold, plus one per token and kind; not a
 * masked entry nor a token only masked entities have), so the walk stops where it would stop and
 * the answer is the same up to and at MAX_VISITS (`maxVisits`: a smaller bound, for the tests of
 * the walk at its bound).
 */
export function searchIndexed(
  index: GraphIndex,
  text: unknown,
  options: SearchOptions,
  maxVisits = MAX_VISITS,
): SearchHit[] {
  const { words: list, whole } = parseSearch(text, options);
  const inRegion = regionFilter(index, options.regionId);
  const { base, extra, masked } = index.derived(SEARCH_INDEX);
  const kinds = kindSet(options.kinds);
  const kindOk = new Set(kinds);
  const lead = leadWord(list);
  const others = list.filter((_, i) => i !== list.indexOf(lead));
  const out: SearchHit[] = [];
  // Base ordinals, and extra ordinals after them.
  const seen = new Set<number>();
  const shift = base.ids.length;
  const patched = masked.size > 0;
  let visits = 0;

  const accept = (search: SearchIndex, ordinal: number, score: number): boolean => {
    const key = search === base ? ordinal : shift + ordinal;
    if (seen.has(key)) return false;
    seen.add(key);
    const k = search.kindOf[ordinal] as number;
    const kind = ENTITY_LABELS[k] as EntityLabel;
    const id = search.ids[ordinal] as string;
    if (!kindOk.has(k) || !inRegion(kind, id)) return false;
    if (others.length > 0) {
      const tokens = tokensOf(index.entitiesOf(kind).get(id) as Entity);
      if (!others.every((w) => tokens.some((t) => t.startsWith(w)))) return false;
    }
    out.push({ kind, id, score });
    return true;
  };
  /** Whether base entry a (ordinal) comes before extra entry b: kind, then id. */
  const baseFirst = (a: number, b: number): boolean => {
    const ka = base.kindOf[a] as number;
    const kb = extra.kindOf[b] as number;
    return ka !== kb ? ka < kb : (base.ids[a] as string) < (extra.ids[b] as string);
  };

  const exactBase = base.exact.get(whole) ?? [];
  const exactExtra = extra.exact.get(whole) ?? [];
  for (let i = 0, j = 0; ; ) {
    while (patched && i < exactBase.length && masked.has(exactBase[i] as number)) i += 1;
    const fromBase = i < exactBase.length;
    if (!fromBase && j >= exactExtra.length) break;
    if (out.length >= options.first) return out;
    if (fromBase && (j >= exactExtra.length || baseFirst(exactBase[i] as number, exactExtra[j] as number))) {
      accept(base, exactBase[i] as number, 2);
      i += 1;
    } else {
      accept(extra, exactExtra[j] as number, 2);
      j += 1;
    }
  }

  /** Whether a base token's postings hold an entry not masked (else the whole graph has no such token). */
  const live = (t: number): boolean => {
    if (!patched) return true;
    for (let i = base.starts[t] as number; i < (base.starts[t + 1] as number); i += 1)
      if (!masked.has(base.postings[i] as number)) return true;
    return false;
  };
  let [b, bHi] = prefixRange(base.tokens, lead);
  let [x, xHi] = extra.tokens.length > 0 ? prefixRange(extra.tokens, lead) : [0, 0];
  while ((b < bHi || x < xHi) && out.length < options.first && visits < maxVisits) {
    const bt = b < bHi ? (base.tokens[b] as string) : undefined;
    const xt = x < xHi ? (extra.tokens[x] as string) : undefined;
    const token = (bt === undefined ? xt : xt === undefined || bt <= xt ? bt : xt) as string;
    const inBase = bt === token ? b : -1;
    const inExtra = xt === token ? x : -1;
    if (inBase >= 0) b += 1;
    if (inExtra >= 0) x += 1;
    if (inExtra < 0 && !live(inBase)) continue;
    const score = lead.length / token.length;
    for (const k of kinds) {
      let i = 0;
      let iEnd = 0;
      let j = 0;
      let jEnd = 0;
      if (inBase >= 0) {
        const begin = base.starts[inBase] as number;
        const end = base.starts[inBase + 1] as number;
        i = lowerBound(base.postings, base.kindStart[k] as number, begin, end);
        iEnd = lowerBound(base.postings, base.kindStart[k + 1] as number, i, end);
      }
      if (inExtra >= 0) {
        const begin = extra.starts[inExtra] as number;
        const end = extra.starts[inExtra + 1] as number;
        j = lowerBound(extra.postings, extra.kindStart[k] as number, begin, end);
        jEnd = lowerBound(extra.postings, extra.kindStart[k + 1] as number, j, end);
      }
      while (out.length < options.first && visits < maxVisits) {
        while (patched && i < iEnd && masked.has(base.postings[i] as number)) i += 1;
        if (i < iEnd && (j >= jEnd || baseFirst(base.postings[i] as number, extra.postings[j] as number))) {
          visits += 1;
          accept(base, base.postings[i] as number, score);
          i += 1;
        } else if (j < jEnd) {
          visits += 1;
          accept(extra, extra.postings[j] as number, score);
          j += 1;
        } else break;
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
