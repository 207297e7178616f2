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
}

/** What owns views: GraphIndex (kept structural so this module needs nothing of it). */
export interface ViewOwner {
  derived<T>(view: DerivedView<T>): T;
}

const registered: DerivedView<unknown>[] = [];

export function defineView<T, O extends ViewOwner = ViewOwner>(
  name: string,
  build: (index: O) => T,
  options: { warm?: boolean } = {},
): DerivedView<T> {
  const view: DerivedView<T> = { name, warm: options.warm ?? false, build: build as (index: ViewOwner) => T };
  registered.push(view as DerivedView<unknown>);
  return view;
}

/** The views to build as soon as an index is built (those defined by the modules loaded so far). */
export function warmViews(): readonly DerivedView<unknown>[] {
  return registered.filter((view) => view.warm);
}

/** The memo an index keeps its views in. */
export class ViewMemo {
  private readonly views = new Map<DerivedView<unknown>, unknown>();

  get<T>(owner: ViewOwner, view: DerivedView<T>): T {
    if (this.views.has(view)) return this.views.get(view) as T;
    const value = view.build(owner);
    this.views.set(view, value);
    return value;
  }
}
