/**
 * Data derived from a GraphIndex (the route graph, the gap graph, sorted id lists…) is owned by
 * the index it was derived from: `index.derived(view)` builds a view on first use and keeps it
 * for the index's lifetime (an index is never changed once built). A view is defined once, at
 * module level, with `defineView`; the snapshot warms every view defined with `warm: true`
 * after building an index, without having to know (or import) the engines that define them.
 */
export interface DerivedView<T> {
  readonly name: string;
  readonly warm: boolean;
  build(index: ViewOwner): T;
  /**
   * The view of `next` made from the view of `previous`, the index `next` was made from by
   * `delta` (GraphIndex.withDelta), in time proportional to the delta; undefined when this
   * delta needs a full build. Optional: a view without it is built in full.
   */
  update?(previousValue: T, previous: ViewOwner, next: ViewOwner, delta: unknown): T | undefined;
}

/** How an index's memo can make its views from those of the index it was updated from. */
interface Predecessor {
  memo: ViewMemo;
  index: ViewOwner;
  delta: unknown;
}

/** What owns views: GraphIndex (kept structural so this module needs nothing of it). */
export interface ViewOwner {
  derived<T>(view: DerivedView<T>): T;
}

const registered: DerivedView<unknown>[] = [];

export function defineView<T, O extends ViewOwner = ViewOwner, D = unknown>(
  name: string,
  build: (index: O) => T,
  options: {
    warm?: boolean;
    update?: (previousValue: T, previous: O, next: O, delta: D) => T | undefined;
  } = {},
): DerivedView<T> {
  const view: DerivedView<T> = {
    name,
    warm: options.warm ?? false,
    build: build as (index: ViewOwner) => T,
    ...(options.update ? { update: options.update as DerivedView<T>['update'] } : {}),
  };
  registered.push(view as DerivedView<unknown>);
  return view;
}

/** The views to build as soon as an index is built (those defined by the modules loaded so far). */
export function warmViews(): readonly DerivedView<unknown>[] {
  return registered.filter((view) => view.warm);
}

/**
 * The memo an index keeps its views in. The memo of an index updated by a delta knows the memo
 * of the index it came from: a view that index has already built, and that has `update`, is
 * made from it instead of built whole. Only one step back is kept (making a memo `after` another
 * cuts that one's own link), so an index never holds a chain of older indexes alive.
 */
export class ViewMemo {
  private readonly views = new Map<DerivedView<unknown>, unknown>();

  constructor(private predecessor?: Predecessor) {}

  /** The memo of `next`, made from `previous` by `delta`, whose views `memo` holds. */
  static after(memo: ViewMemo, previous: ViewOwner, _next: ViewOwner, delta: unknown): ViewMemo {
    memo.predecessor = undefined;
    return new ViewMemo({ memo, index: previous, delta });
  }

  /**
   * Drops the link to the previous index's memo (which holds that index and all its views alive):
   * views asked for after this are built whole. The snapshot calls it once the warm views are made.
   */
  forgetPrevious(): void {
    this.predecessor = undefined;
  }

  get<T>(owner: ViewOwner, view: DerivedView<T>): T {
    if (this.views.has(view)) return this.views.get(view) as T;
    const from = this.predecessor;
    let value: T | undefined;
    if (from && view.update && from.memo.views.has(view))
      value = view.update(from.memo.views.get(view) as T, from.index, owner, from.delta);
    value ??= view.build(owner);
    this.views.set(view, value);
    return value;
  }
}
