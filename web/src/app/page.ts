/** What every page gets from the shell. */
export interface PageContext {
  /** The query string the page was opened with. */
  params: URLSearchParams;
  /** Writes the page's state into the URL (no reload, no new history entry unless `push`). */
  setParams(params: URLSearchParams, push?: boolean): void;
  /** Path parameters (`/pathway/:id`). */
  pathParams: Record<string, string>;
  navigate(path: string): void;
  /** Says something to screen readers (polite). */
  announce(text: string): void;
}

/** A page renders into `main` and returns its cleanup. */
export type Page = (main: HTMLElement, ctx: PageContext) => () => void;

export function listParam(params: URLSearchParams, name: string): string[] {
  return (params.get(name) ?? '').split(',').filter(Boolean);
}

export function setOrDelete(params: URLSearchParams, name: string, value: string | string[] | undefined | null): void {
  const v = Array.isArray(value) ? value.join(',') : value;
  if (v) params.set(name, v);
  else params.delete(name);
}
