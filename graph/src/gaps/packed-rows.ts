/**
 * Integer lists, one per entity, packed in two typed arrays: the gap graph's adjacency. A
 * national graph has hundreds of thousands of credentials and programs, each with a few short
 * lists; as JS arrays those were millions of small heap objects (each grown to room for 17)
 * that every scavenge of an all-regions request copied, while two typed arrays per table live
 * outside the heap the collector moves.
 */

/** Row `r` is `list[start[r]]` … `list[start[r + 1] - 1]`. */
export class Rows {
  constructor(
    readonly start: Int32Array,
    readonly list: Int32Array,
  ) {}

  /** How many rows. */
  get size(): number {
    return this.start.length - 1;
  }

  count(r: number): number {
    return (this.start[r + 1] as number) - (this.start[r] as number);
  }

  /** Row `r` as a view of the packed list: a small object per call, for reads off the hot paths. */
  of(r: number): Int32Array {
    return this.list.subarray(this.start[r] as number, this.start[r + 1] as number);
  }

  has(r: number, value: number): boolean {
    for (let k = this.start[r] as number, end = this.start[r + 1] as number; k < end; k++)
      if (this.list[k] === value) return true;
    return false;
  }

  /** The rows with only the values `keep` accepts, in their order. */
  filter(keep: (value: number) => boolean): Rows {
    const start = new Int32Array(this.start.length);
    const out = new Int32Array(this.list.length);
    let n = 0;
    for (let r = 0; r < this.size; r++) {
      for (let k = this.start[r] as number, end = this.start[r + 1] as number; k < end; k++) {
        const value = this.list[k] as number;
        if (keep(value)) out[n++] = value;
      }
      start[r + 1] = n;
    }
    return new Rows(start, out.slice(0, n));
  }
}

/** A growable Int32Array. */
class IntList {
  data = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Rows written in row order, each at the end: `open(r)` starts row r (rows skipped are empty),
 * `add` appends unless the row has the value already (the rows built this way are short).
 */
export class RowWriter {
  private readonly values = new IntList();
  private readonly starts = new IntList();

  constructor() {
    this.starts.push(0);
  }

  /** Starts row `r`, closing every row before it. */
  open(r: number): void {
    while (this.starts.length <= r) this.starts.push(this.values.length);
  }

  /** Appends `value` to the open row, unless it is there already. */
  add(value: number): void {
    const { data } = this.values;
    for (let k = this.starts.data[this.starts.length - 1] as number; k < this.values.length; k++)
      if (data[k] === value) return;
    this.values.push(value);
  }

  /** How many values are written, in every row. */
  get length(): number {
    return this.values.length;
  }

  /** The `k`-th value written. */
  at(k: number): number {
    return this.values.data[k] as number;
  }

  /** Appends `value` to the open row, repeats kept. */
  push(value: number): void {
    this.values.push(value);
  }

  /** The `rows` rows (those never opened are empty). */
  build(rows: number): Rows {
    this.open(rows);
    const start = this.starts
      .toArray()
      .subarray(0, rows + 1)
      .slice();
    return new Rows(start, this.values.toArray());
  }
}

/**
 * Rows written as (row, value) pairs in any row order: each row keeps its values in the order
 * they were added (a stable counting sort), repeats included.
 */
export class PairWriter {
  private readonly rowOf = new IntList();
  private readonly values = new IntList();

  add(r: number, value: number): void {
    this.rowOf.push(r);
    this.values.push(value);
  }

  build(rows: number): Rows {
    const start = new Int32Array(rows + 1);
    const n = this.rowOf.length;
    const rowOf = this.rowOf.data;
    const values = this.values.data;
    for (let k = 0; k < n; k++) start[(rowOf[k] as number) + 1] = (start[(rowOf[k] as number) + 1] as number) + 1;
    for (let r = 0; r < rows; r++) start[r + 1] = (start[r + 1] as number) + (start[r] as number);
    const at = start.slice(0, rows);
    const list = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const r = rowOf[k] as number;
      list[at[r] as number] = values[k] as number;
      at[r] = (at[r] as number) + 1;
    }
    return new Rows(start, list);
  }
}
