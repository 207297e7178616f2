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
 * `index`: the graph the route was found in when it is not the request's snapshot (a what-if's
 * graph after the change); its ids resolve there.
 */
export type RouteStepParent = RouteStep & { regionId: string; index?: GraphIndex };
export type RouteParent = Route & { regionId: string; index?: GraphIndex };
export type ExitPointParent = ExitPoint & { index?: GraphIndex };
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
