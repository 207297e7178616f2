/**
 * What each GraphQL object type's resolvers receive as their parent (the codegen mappers):
 * bundle entities tagged with their kind (so `Node.resolveType` can answer), and the route
 * engine's own objects carrying the region they were asked for.
 */

import type { Gap } from '@pathway/graph/gaps/gap-finder';
import type {
  Credential,
  EntryPoint,
  Occupation,
  Partner,
  Pathway,
  Program,
  Region,
  Sector,
  Support,
} from '@pathway/graph/model/bundle';
import type { GraphIndex } from '@pathway/graph/model/graph-index';
import type { EntityLabel } from '@pathway/graph/model/vocabulary';
import type { ExitPoint, Route, RouteStep } from '@pathway/graph/routing/route-input';
import type { CandidateEdge, EntryPointChange, Suggestion, WhatIfAnswer } from '@pathway/graph/whatif/whatif';

export type Tagged<T, K extends EntityLabel> = T & { __kind: K };

export type RegionParent = Tagged<Region, 'Region'>;
export type SectorParent = Tagged<Sector, 'Sector'>;
export type OccupationParent = Tagged<Occupation, 'Occupation'>;
export type PartnerParent = Tagged<Partner, 'Partner'>;
export type CredentialParent = Tagged<Credential, 'Credential'>;
export type ProgramParent = Tagged<Program, 'Program'>;
export type EntryPointParent = Tagged<EntryPoint, 'EntryPoint'>;
export type SupportParent = Tagged<Support, 'Support'>;
export type PathwayParent = Tagged<Pathway, 'Pathway'>;

/** Any tagged entity: the parent of the `Node` interface. */
export type EntityParent =
  | RegionParent
  | SectorParent
  | OccupationParent
  | PartnerParent
  | CredentialParent
  | ProgramParent
  | EntryPointParent
  | SupportParent
  | PathwayParent;

/** `about` has no state of its own: every field asks the service or the graph. */
export type AboutParent = Record<string, never>;

/**
 * A route as its GraphQL fields read it, shaped once per route (routes.resolvers.ts
 * `routeParent`): the entities its fields name are looked up in `index`, the graph the route was
 * found in (the request's snapshot, or a what-if's graph after the change), so the fields are
 * plain properties. Those entities are the index's own objects, not tagged copies: a field of a
 * concrete type (Program, Partner, …) never asks `Node.resolveType` for a `__kind`.
 */
export type RouteParent = Omit<Route, 'steps' | 'exitPoints'> & {
  index: GraphIndex;
  destination: Occupation;
  steps: RouteStepParent[];
  exitPoints: ExitPointParent[];
};
export type RouteStepParent = Omit<RouteStep, 'awards' | 'edge'> & {
  program: Program | null;
  provider: Partner | null;
  edge: { from: Occupation; to: Occupation; years: number } | null;
  workingAs: Occupation | null;
  awards: Credential[];
  supports: Support[];
};
export type ExitPointParent = ExitPoint & { credential: Credential; occupation: Occupation };
export interface RouteResultParent {
  routes: RouteParent[];
  threshold: number | null;
  graphVersion: number;
}

export interface WhatIfResultParent {
  answer: WhatIfAnswer;
  graphVersion: number;
}
export type WhatIfEntryPointParent = EntryPointChange & { answer: WhatIfAnswer };
export type SuggestionParent = Suggestion;
export type SuggestedEdgeParent = CandidateEdge;
/** The gap engine's own gap: `regionCount` and `cursor` are read from it (schema/gap-pages.ts). */
export type GapParent = Gap;
