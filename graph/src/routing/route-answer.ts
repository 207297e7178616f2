/**
 * A route query's whole answer for callers that show more than the routes (the GraphQL
 * `routes` field): the validated input and the family-supporting threshold the search used,
 * so a caller never parses the input or looks the threshold up a second time.
 */
import type { GraphIndex } from '../model/graph-index.ts';
import { type ParsedRouteInput, parseRouteInput, type Route, type RouteInput } from './route-input.ts';
import { searchRoutes } from './route-search.ts';

export interface RouteAnswer {
  /** The input after validation and defaults. */
  input: ParsedRouteInput;
  /** Best first, as findRoutes returns them. */
  routes: Route[];
  /** The annual family-supporting threshold for the input's household in its region, when one applies. */
  threshold: number | null;
}

/** findRoutes, plus what the search was run with: the input parsed once, the engine's own threshold. */
export function findRoutesWithContext(index: GraphIndex, raw: RouteInput | unknown): RouteAnswer {
  const input = parseRouteInput(raw);
  return { input, ...searchRoutes(index, input) };
}
