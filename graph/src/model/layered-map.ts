/**
 * A read-only Map made of a shared base and a small patch on top, so that an index updated by a
 * delta (GraphIndex.withDelta) shares the unchanged entries with the index it came from instead
 * of copying them: making the next version costs O(patch + change), not O(size).
 *
 * The base is never written once wrapped. Each new version copies the patch (kept small) and
 * applies its changes; when the patch outgrows `compactAt(base size)` the new version folds it
 * into a fresh base (one O(size) copy every that-many changed keys, so O(1) amortised per change).
 *
 * It extends Map so that every reader typed `Map` (the engines, the resolvers) reads it as one;
 * the mutating methods throw, as an index is immutable once built. Iteration yields the base's
 * entries in their order (a changed entry in its old place, with its new value), then the
 * entries added since.
 */

const GONE: unique symbol = Symbol('gone');
type Slot<V> = V | typeof GONE;

/** Patch entries allowed before a version folds them into a new base: √size × 8, at least 4096. */
export function compactAt(baseSize: number): number {
  return Math.max(4096, Math.ceil(Math.sqrt(baseSize)) * 8);
}

function frozen(): never {
  throw new Error('an index map is read-only (GraphIndex is immutable; make a new one with withDelta)');
}

export class LayeredMap<K, V> extends Map<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    /** Changed keys: a new value, or GONE. Keys not in the base are the added ones, in order. */
    private readonly patch: ReadonlyMap<K, Slot<V>>,
    private readonly count: number,
  ) {
    super();
  }

  /** `map` with `changes` applied (a value sets the key, undefined deletes it); `map` is left as it was. */
  static with<K, V>(map: ReadonlyMap<K, V>, changes: ReadonlyMap<K, V | undefined>): Map<K, V> {
    if (changes.size === 0 && map instanceof Map) return map;
    const base = map instanceof LayeredMap ? (map.base as ReadonlyMap<K, V>) : map;
    const patch = new Map<K, Slot<V>>(map instanceof LayeredMap ? (map.patch as ReadonlyMap<K, Slot<V>>) : []);
    let count = map.size;
    for (const [key, value] of changes) {
      const had = map.has(key);
      if (value === undefined) {
        if (!had) continue;
        count -= 1;
        if (base.has(key)) patch.set(key, GONE);
        else patch.delete(key);
      } else {
        if (!had) count += 1;
        patch.set(key, value);
      }
    }
    if (patch.size > compactAt(base.size)) {
      const merged = new Map<K, V>();
      for (const [key, value] of new LayeredMap(base, patch, count).entries()) merged.set(key, value);
      return merged;
    }
    return new LayeredMap(base, patch, count);
  }

  override get size(): number {
    return this.count;
  }

  override get(key: K): V | undefined {
    const slot = this.patch.get(key);
    if (slot !== undefined) return slot === GONE ? undefined : slot;
    return this.base.get(key);
  }

  override has(key: K): boolean {
    const slot = this.patch.get(key);
    if (slot !== undefined) return slot !== GONE;
    return this.base.has(key);
  }

  override *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      const slot = this.patch.get(key);
      if (slot === undefined) yield [key, value];
      else if (slot !== GONE) yield [key, slot];
    }
    for (const [key, slot] of this.patch) {
      if (slot !== GONE && !this.base.has(key)) yield [key, slot];
    }
  }

  override *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  override *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  override forEach(callback: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }

  override set(): this {
    return frozen();
  }

  override delete(): boolean {
    return frozen();
  }

  override clear(): void {
    frozen();
  }
}
