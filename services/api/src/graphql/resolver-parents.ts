/**
 * What each GraphQL object type's resolvers receive as their parent (the codegen mappers):
 * bundle entities tagged with their kind (so `Node.resolveType` can answer), and the route
 * engine's own objects carrying the region they were asked for.
 */
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
import type { EntityLabel } from '@pathway/graph/model/vocabulary';
import type { ExitPoint, Route, RouteStep } from '@pathway/graph/routing/route-input';

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

export type RouteStepParent = RouteStep & { regionId: string };
export type RouteParent = Route & { regionId: string };
export type ExitPointParent = ExitPoint;
export interface RouteResultParent {
  routes: RouteParent[];
  threshold: number | null;
  graphVersion: number;
}
