/** Binary min-heaps for the route search: one over (number, number) pairs, one over keyed items. */

/** A min-heap of (priority, value) number pairs, for Dijkstra. Stale entries are the caller's to skip. */
export class PairHeap {
  private readonly priorities: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The smallest priority; call only when size > 0. */
  topPriority(): number {
    return this.priorities[0] as number;
  }

  /** The value with the smallest priority; call only when size > 0. */
  topValue(): number {
    return this.values[0] as number;
  }

  push(priority: number, value: number): void {
    const ps = this.priorities;
    const vs = this.values;
    let i = vs.length;
    ps.push(priority);
    vs.push(value);
    while (i > 0) {
      const up = (i - 1) >> 1;
      const pu = ps[up] as number;
      if (pu <= priority) break;
      ps[i] = pu;
      vs[i] = vs[up] as number;
      i = up;
    }
    ps[i] = priority;
    vs[i] = value;
  }

  /** The smallest priority's pair as [priority, value]; call only when size > 0. */
  pop(out: [number, number]): void {
    const ps = this.priorities;
    const vs = this.values;
    out[0] = ps[0] as number;
    out[1] = vs[0] as number;
    const lastP = ps.pop() as number;
    const lastV = vs.pop() as number;
    const n = vs.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && (ps[r] as number) < (ps[l] as number) ? r : l;
      if ((ps[c] as number) >= lastP) break;
      ps[i] = ps[c] as number;
      vs[i] = vs[c] as number;
      i = c;
    }
    ps[i] = lastP;
    vs[i] = lastV;
  }
}

/** A min-heap of items ordered by a comparison function. */
export class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  get size(): number {
    return this.items.length;
  }

  peek(): T | undefined {
    return this.items[0];
  }

  push(item: T): void {
    const items = this.items;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const up = (i - 1) >> 1;
      const parent = items[up] as T;
      if (!this.before(item, parent)) break;
      items[i] = parent;
      i = up;
    }
    items[i] = item;
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    const n = items.length;
    if (n === 0 || last === undefined) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(items[r] as T, items[l] as T) ? r : l;
      if (!this.before(items[c] as T, last)) break;
      items[i] = items[c] as T;
      i = c;
    }
    items[i] = last;
    return top;
  }
}
