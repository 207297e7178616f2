/**
 * Dense numbers for string ids, so the engines' per-graph tables can be typed arrays indexed by
 * number (the route graph and the gap graph both number credentials, programs and occupations).
 */
export class Numbering {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();

  /** Numbers an id (building only): the number it already has, or the next one. */
  add(id: string): number {
    let n = this.index.get(id);
    if (n === undefined) {
      n = this.ids.length;
      this.ids.push(id);
      this.index.set(id, n);
    }
    return n;
  }

  /** The number of an id the build saw; every id the index mentions is numbered, so a miss is a bug. */
  of(id: string): number {
    const n = this.index.get(id);
    if (n === undefined) throw new Error(`numbering: "${id}" was not numbered`);
    return n;
  }

  get size(): number {
    return this.ids.length;
  }
}
