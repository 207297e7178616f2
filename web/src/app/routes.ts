/** The app's route table (routes.json, which the server reads too) and the matcher over it. */
import table from './routes.json' with { type: 'json' };

export type View = 'map' | 'navigator' | 'analyst' | 'pathway';
export interface AppRoute {
  path: string;
  view: View;
}
export const APP_ROUTES: readonly AppRoute[] = table.routes as AppRoute[];

const patterns = APP_ROUTES.map((route) => ({
  route,
  pattern: new RegExp(
    `^${route.path
      .split('/')
      .map((part) =>
        part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      )
      .join('/')}$`,
  ),
}));

/** The route a path (decoded, without trailing slashes) belongs to, with its :params. */
export function matchRoute(path: string): { route: AppRoute; params: Record<string, string> } | undefined {
  for (const { route, pattern } of patterns) {
    const m = pattern.exec(path);
    if (m) return { route, params: { ...(m.groups ?? {}) } };
  }
  return undefined;
}
