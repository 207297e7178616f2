/** The GraphQL operations the web app and the embed send, with the shapes they return. */
import { type EntityKind, type GapKind, INDICATOR_NAMES, type IndicatorName, type MapEdgeKind } from '../lib/vocab.ts';
import { type ClientOptions, gql, listAll } from './client.ts';

export interface MapNode {
  id: string;
  key: string;
  kind: EntityKind;
  label: string;
}
export interface MapEdge {
  id: string;
  sourceKey: string;
  targetKey: string;
  kind: MapEdgeKind;
  /** TRANSITION edges: the share of completers who continued. */
  rate?: number | null;
}
export interface GraphMap {
  nodes: MapNode[];
  edges: MapEdge[];
}
export interface MapFilter {
  regionId?: string;
  sectorId?: string;
  pathwayId?: string;
}

export async function fetchMap(filter: MapFilter, options?: ClientOptions): Promise<GraphMap> {
  const data = await gql<{ map: GraphMap }>(
    `query Map($filter: MapFilter) { map(filter: $filter) {
      nodes { id key kind label } edges { id sourceKey targetKey kind rate } } }`,
    { filter },
    options,
  );
  return data.map;
}

/** A partner as the embed shows it: its programs and the roles it holds in pathways. */
export interface PartnerSummary {
  id: string;
  name: string;
  programs: { id: string; name: string }[];
  roles: { role: string; pathway: { id: string; name: string } }[];
}
export async function fetchPartner(id: string, options?: ClientOptions): Promise<PartnerSummary | null> {
  const data = await gql<{ node: PartnerSummary | null }>(
    `query Partner($id: ID!) { node(id: $id, kind: Partner) { ... on Partner { id name
      programs { id name } roles { role pathway { id name } } } } }`,
    { id },
    options,
  );
  return data.node;
}

export interface OverviewGroup {
  id: string;
  sectorId: string | null;
  sectorLabel: string | null;
  areaId: string | null;
  areaLabel: string | null;
  count: number;
  counts: { kind: EntityKind; count: number }[];
}
export interface Overview {
  total: number;
  elements: number;
  groups: OverviewGroup[];
  links: { id: string; source: string; target: string; count: number }[];
}
/** A region's view (none: the whole graph) counted into sector × area groups, for the map's first level. */
export async function fetchOverview(regionId: string | undefined, options?: ClientOptions): Promise<Overview> {
  const data = await gql<{ mapOverview: Overview }>(
    `query Overview($region: ID) { mapOverview(regionId: $region) { total elements
      groups { id sectorId sectorLabel areaId areaLabel count counts { kind count } } links { id source target count } } }`,
    { region: regionId ?? null },
    options,
  );
  return data.mapOverview;
}
export interface GroupPage {
  nodes: MapNode[];
  total: number;
  endCursor: string | null;
  hasNextPage: boolean;
}
/** One page of an overview group's members (drill-down). */
export async function fetchGroup(
  regionId: string | undefined,
  groupId: string,
  after: string | null,
  options?: ClientOptions,
): Promise<GroupPage> {
  const data = await gql<{ mapGroup: GroupPage }>(
    `query Group($region: ID, $group: ID!, $after: String) { mapGroup(regionId: $region, groupId: $group, first: 50, after: $after) {
      total endCursor hasNextPage nodes { id key kind label } } }`,
    { region: regionId ?? null, group: groupId, after },
    options,
  );
  return data.mapGroup;
}

/** Regional median wages of every occupation (for the layout's wage bands). */
export async function fetchWages(regionId: string, options?: ClientOptions): Promise<Map<string, number>> {
  const rows = await listAll<{ id: string; wage: { medianAnnual: number } | null }>(
    'occupations',
    '... on Occupation { id wage(regionId: $region) { medianAnnual } }',
    { region: regionId },
    options,
    ', $region: ID!',
  );
  return new Map(rows.filter((r) => r.wage).map((r) => [r.id, (r.wage as { medianAnnual: number }).medianAnnual]));
}

export interface Named {
  id: string;
  label: string;
}
export interface RegionItem extends Named {
  parent: { id: string } | null;
  children: { id: string }[];
}
export interface EntryPointItem extends Named {
  regions: { id: string }[];
}
export interface OccupationItem extends Named {
  sectors: { id: string }[];
}
export interface Catalog {
  regions: RegionItem[];
  sectors: Named[];
  pathways: (Named & { sector: { id: string } | null })[];
  partners: (Named & { kind: string })[];
  entryPoints: EntryPointItem[];
}

/**
 * The short lists the forms offer (regions, sectors, …), sorted by label. Credentials and
 * occupations are not among them: a national graph has hundreds of thousands, so the forms
 * find them with a typeahead (views/typeahead.ts) instead.
 */
export async function fetchCatalog(options?: ClientOptions): Promise<Catalog> {
  const byLabel = <T extends Named>(list: T[]) => list.sort((a, b) => a.label.localeCompare(b.label));
  const [regions, sectors, pathways, partners, entryPoints] = await Promise.all([
    listAll<RegionItem>('regions', '... on Region { id label parent { id } children { id } }', {}, options),
    listAll<Named>('sectors', 'id label', {}, options),
    listAll<Catalog['pathways'][number]>('pathways', '... on Pathway { id label sector { id } }', {}, options),
    listAll<Catalog['partners'][number]>('partners', '... on Partner { id label kind }', {}, options),
    listAll<EntryPointItem>('entryPoints', '... on EntryPoint { id label regions { id } }', {}, options),
  ]);
  return {
    regions: byLabel(regions),
    sectors: byLabel(sectors),
    pathways: byLabel(pathways),
    partners: byLabel(partners),
    entryPoints: byLabel(entryPoints),
  };
}

export interface ProgramDelivery {
  id: string;
  modality: string | null;
  schedules: string[];
  languages: string[];
  features: string[];
}
export function fetchDelivery(options?: ClientOptions): Promise<ProgramDelivery[]> {
  return listAll<ProgramDelivery>(
    'programs',
    '... on Program { id modality schedules languages features }',
    {},
    options,
  );
}

export type Objective = 'TIME' | 'COST' | 'INCOME';
export interface RouteInput {
  regionId: string;
  household?: string;
  entryPointId?: string;
  heldCredentialIds?: string[];
  target?: { occupationId?: string; sectorId?: string };
  objective?: Objective;
  limit?: number;
  maxMonths?: number;
  maxCost?: number;
  needs?: string[];
  requireSupports?: boolean;
  modality?: string;
  schedules?: string[];
  languages?: string[];
  /** CONTRACT.md section 5: work steps up career ladders. */
  advancement?: boolean;
  horizonMonths?: number;
  maxMonthsWithoutPay?: number;
}
/** A program step names its program and provider; a work step (kind WORK) its ladder edge instead. */
export interface RouteStep {
  kind: 'PROGRAM' | 'WORK';
  program: { id: string; name: string } | null;
  provider: { id: string; name: string } | null;
  edge: { from: { id: string; title: string }; to: { id: string; title: string }; years: number } | null;
  startMonth: number;
  months: number;
  cost: number;
  creditsGranted: number;
  awards: { id: string; name: string }[];
  supports: { id: string; kind: string; name: string }[];
  missingSupports: string[];
  workingAs: { id: string; title: string } | null;
  earnings: number;
}
export interface ExitPoint {
  credential: { id: string; name: string };
  occupation: { id: string; title: string };
  medianAnnual: number | null;
  familySupporting: boolean;
  month: number;
}
export interface Route {
  rank: number;
  totalMonths: number;
  totalCost: number;
  creditsGranted: number;
  familySupporting: boolean;
  destination: { id: string; title: string };
  destinationWage: number | null;
  steps: RouteStep[];
  exitPoints: ExitPoint[];
  earningsDuringRoute: number;
  monthsWithoutPay: number;
  firstPaycheckMonth: number;
  netIncome: number;
  completionLikelihood: number | null;
  unmeasuredFactors: number;
}
export interface RouteResult {
  threshold: number | null;
  routes: Route[];
}

/**
 * The address of a route's CTDL Pathway document (GET /api/routes/pathway, CONTRACT.md section 8):
 * the route input as query parameters (lists repeated, the target as `target.occupationId` /
 * `target.sectorId`) and the route's rank.
 */
export function routePathwayUrl(input: RouteInput, rank: number, base = ''): string {
  const params = new URLSearchParams();
  const { target, ...rest } = input;
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.set(key, String(value));
  }
  if (target?.occupationId) params.set('target.occupationId', target.occupationId);
  if (target?.sectorId) params.set('target.sectorId', target.sectorId);
  params.set('rank', String(rank));
  return `${base}/api/routes/pathway?${params.toString()}`;
}

export async function fetchRoutes(input: RouteInput, options?: ClientOptions): Promise<RouteResult> {
  const data = await gql<{ routes: RouteResult }>(
    `query Routes($input: RouteInput!) { routes(input: $input) { threshold routes {
      rank totalMonths totalCost creditsGranted familySupporting destination { id title } destinationWage
      earningsDuringRoute monthsWithoutPay firstPaycheckMonth netIncome completionLikelihood unmeasuredFactors
      steps { kind program { id name } provider { id name } edge { from { id title } to { id title } years }
              startMonth months cost creditsGranted awards { id name } supports { id kind name } missingSupports
              workingAs { id title } earnings }
      exitPoints { credential { id name } occupation { id title } medianAnnual familySupporting month } } } }`,
    { input },
    options,
  );
  return data.routes;
}

export interface Gap {
  kind: GapKind;
  severity: 'high' | 'medium' | 'low';
  subjectId: string;
  subjectKind: EntityKind;
  message: string;
  relatedIds: string[];
}
export interface GapFilter {
  kinds?: GapKind[];
  regionId?: string;
  sectorId?: string;
  household?: string;
  /** LOW_OUTCOME and LEAKY_TRANSITION floors (CONTRACT.md section 6); a field left out takes its default. */
  floors?: Partial<Record<FloorName, number>>;
}
export const FLOOR_NAMES = ['completionRate', 'employmentRateQ2', 'medianEarningsQ2', 'transitionRate'] as const;
export type FloorName = (typeof FLOOR_NAMES)[number];
/** The contract's default floors (Washington State's minimums for eligible training programs). */
export const DEFAULT_FLOORS: Record<FloorName, number> = {
  completionRate: 0.2,
  employmentRateQ2: 0.5,
  medianEarningsQ2: 3943,
  transitionRate: 0.25,
};
export async function fetchGaps(filter: GapFilter, options?: ClientOptions): Promise<Gap[]> {
  const data = await gql<{ gaps: Gap[] }>(
    'query Gaps($filter: GapFilter) { gaps(filter: $filter) { kind severity subjectId subjectKind message relatedIds } }',
    { filter },
    options,
  );
  return data.gaps;
}

/** Gaps asked for at once: an all-regions answer on a national graph is hundreds of thousands. */
export const GAP_PAGE = 500;

export interface GapPage {
  gaps: Gap[];
  /** The cursor of the page after this one; null when this is the last. */
  next: string | null;
}
export interface GapCounts {
  total: number;
  bySeverity: Record<Gap['severity'], number>;
}

const GAP_FIELDS = 'kind severity subjectId subjectKind message relatedIds cursor';

function toPage(gaps: (Gap & { cursor: string })[]): GapPage {
  const last = gaps[gaps.length - 1];
  return {
    gaps: gaps.map(({ cursor: _cursor, ...gap }) => gap),
    next: gaps.length === GAP_PAGE && last ? last.cursor : null,
  };
}

/** The first page of a filter's gaps, with how many there are in all (the service's paging extension). */
export async function fetchFirstGaps(
  filter: GapFilter,
  options?: ClientOptions,
): Promise<{ page: GapPage; counts: GapCounts }> {
  const data = await gql<{
    gaps: (Gap & { cursor: string })[];
    gapSummary: { total: number; byKind: Record<Gap['severity'], number>[] };
  }>(
    `query GapsFirst($filter: GapFilter, $first: Int) { gaps(filter: $filter, first: $first) { ${GAP_FIELDS} }
      gapSummary(filter: $filter) { total byKind { high medium low } } }`,
    { filter, first: GAP_PAGE },
    options,
  );
  const bySeverity = { high: 0, medium: 0, low: 0 };
  for (const row of data.gapSummary.byKind) {
    bySeverity.high += row.high;
    bySeverity.medium += row.medium;
    bySeverity.low += row.low;
  }
  return { page: toPage(data.gaps), counts: { total: data.gapSummary.total, bySeverity } };
}

/** The page of a filter's gaps after `after` (a GapPage's `next`). */
export async function fetchMoreGaps(filter: GapFilter, after: string, options?: ClientOptions): Promise<GapPage> {
  const data = await gql<{ gaps: (Gap & { cursor: string })[] }>(
    `query GapsMore($filter: GapFilter, $first: Int, $after: String) { gaps(filter: $filter, first: $first, after: $after) { ${GAP_FIELDS} } }`,
    { filter, first: GAP_PAGE, after },
    options,
  );
  return toPage(data.gaps);
}

export interface SearchHit {
  kind: EntityKind;
  score: number;
  node: { id: string; label: string };
}
/** Typeahead suggestions: names of these kinds (available in the region) whose words begin with the text's. */
export async function suggest(
  text: string,
  args: { kinds: EntityKind[]; regionId?: string; first?: number },
  options?: ClientOptions,
): Promise<Named[]> {
  const data = await gql<{ search: SearchHit[] }>(
    `query Suggest($text: String!, $kinds: [EntityKind!], $region: ID, $first: Int) {
      search(text: $text, kinds: $kinds, regionId: $region, first: $first) { kind score node { id label } } }`,
    { text, kinds: args.kinds, region: args.regionId ?? null, first: args.first ?? 10 },
    options,
  );
  return data.search.map((hit) => ({ id: hit.node.id, label: hit.node.label }));
}

/** The names of a few entities of one kind, by id (ids it does not know are left out). */
export async function fetchNames(kind: EntityKind, ids: string[], options?: ClientOptions): Promise<Named[]> {
  if (ids.length === 0) return [];
  const fields = ids.map((_, i) => `n${i}: node(id: $id${i}, kind: $kind) { id label }`).join(' ');
  const data = await gql<Record<string, Named | null>>(
    `query Names($kind: EntityKind, ${ids.map((_, i) => `$id${i}: ID!`).join(', ')}) { ${fields} }`,
    { kind, ...Object.fromEntries(ids.map((id, i) => [`id${i}`, id])) },
    options,
  );
  return ids.flatMap((_, i) => (data[`n${i}`] ? [data[`n${i}`] as Named] : []));
}

export async function search(text: string, options?: ClientOptions): Promise<SearchHit[]> {
  const data = await gql<{ search: SearchHit[] }>(
    'query Search($text: String!) { search(text: $text, first: 12) { kind score node { id label } } }',
    { text },
    options,
  );
  return data.search;
}

export interface QualityFeature {
  feature: string;
  pass: boolean;
  summary: string;
  evidenceIds: string[];
}
export interface PathwayQuality {
  id: string;
  name: string;
  sector: { id: string; name: string } | null;
  programs: { id: string; name: string; months: number; provider: { id: string; name: string } }[];
  destinations: { id: string; title: string }[];
  partners: { role: string; partner: { id: string; name: string } }[];
  quality: {
    pass: boolean;
    features: QualityFeature[];
    entryPoints: { id: string; name: string }[];
    exits: {
      credential: { id: string; name: string };
      occupation: { id: string; title: string };
      medianAnnual: number | null;
    }[];
    transitions: {
      credits: number;
      from: { id: string; name: string };
      to: { id: string; name: string };
      via: { id: string; name: string };
    }[];
  };
}
export async function fetchPathway(id: string, regionId: string | undefined, options?: ClientOptions) {
  const data = await gql<{ pathway: PathwayQuality | null }>(
    `query Pathway($id: ID!, $region: ID) { pathway(id: $id) {
      id name sector { id name } programs { id name months provider { id name } } destinations { id title }
      partners { role partner { id name } }
      quality(regionId: $region) { pass features { feature pass summary evidenceIds }
        entryPoints { id name } exits { credential { id name } occupation { id title } medianAnnual }
        transitions { credits from { id name } to { id name } via { id name } } } } }`,
    { id, region: regionId ?? null },
    options,
  );
  return data.pathway;
}

export interface FamilyWage {
  annual: number;
  household: string;
  standard: string | null;
  foundIn: { id: string; name: string };
}
export async function fetchFamilyWage(regionId: string, household: string, options?: ClientOptions) {
  const data = await gql<{ familyWage: FamilyWage }>(
    `query Wage($region: ID!, $household: String) { familyWage(regionId: $region, household: $household) {
      annual household standard foundIn { id name } } }`,
    { region: regionId, household },
    options,
  );
  return data.familyWage;
}

type Ref = { id: string; label: string };
/** One entity with its relationships: the side panel's details, neighbours and outcomes. */
export interface NodeDetail {
  __typename: EntityKind;
  id: string;
  label: string;
  [field: string]: unknown;
}
export async function fetchNode(id: string, kind: EntityKind, regionId: string, options?: ClientOptions) {
  const ref = 'id label';
  const data = await gql<{ node: NodeDetail | null }>(
    `query Node($id: ID!, $kind: EntityKind, $region: ID!) { node(id: $id, kind: $kind) { __typename id label
      ... on Program { months cost credits modality schedules languages features provider { ${ref} }
        awards { ${ref} } requires { ${ref} } supports { ${ref} supportKind: kind } pathways { ${ref} }
        articulations { credits credential { ${ref} } }
        outcomes { cohortYear enrolled exiters completed credentialAttained employedQ2 employedQ4 medianEarningsQ2 measurableSkillGains }
        indicators { ${INDICATOR_NAMES.join(' ')} cohortYear source }
        transitionsOut { to { ${ref} } cohortYear completers continued rate } }
      ... on Credential { type portable issuer { ${ref} } awardedBy { ${ref} } requiredBy { ${ref} }
        qualifiesFor { ${ref} } stacksInto { creditsApplied credential { ${ref} } } articulatesTo { credits program { ${ref} } } }
      ... on Occupation { soc onetSoc jobZone wage(regionId: $region) { medianAnnual p25Annual p75Annual employment annualOpenings year source }
        sectors { ${ref} } qualifyingCredentials { ${ref} } advancesTo { ${ref} } employers { ${ref} } }
      ... on Partner { partnerKind: kind url programs { ${ref} } credentialsIssued { ${ref} } }
      ... on EntryPoint { entryDescription: description populations holds { ${ref} } enters { ${ref} } }
      ... on Support { supportKind: kind supportProvider: provider { ${ref} } programs { ${ref} } }
      ... on Pathway { sector { ${ref} } programs { ${ref} } destinations { ${ref} } partners { role partner { ${ref} } } }
      ... on Sector { inDemand naics occupations { ${ref} } pathways { ${ref} } }
      ... on Region { regionKind: kind fips parent { ${ref} } children { ${ref} } } } }`,
    { id, kind, region: regionId },
    options,
  );
  return data.node;
}
export type { Ref };

export { INDICATOR_NAMES, type IndicatorName };
export type Indicators = Record<IndicatorName, number | null> & { cohortYear: number | null; source: string | null };
const RATES = `${INDICATOR_NAMES.join(' ')} cohortYear source`;

export interface ProgramOutcomes {
  id: string;
  name: string;
  provider: { id: string; name: string };
  indicators: Indicators;
}
/** Every program with the indicators of its latest outcome row. */
export async function fetchProgramOutcomes(options?: ClientOptions): Promise<ProgramOutcomes[]> {
  return listAll<ProgramOutcomes>(
    'programs',
    `... on Program { id name provider { id name } indicators { ${RATES} } }`,
    {},
    options,
  );
}

export interface ProgramTransition {
  from: { id: string; name: string };
  to: { id: string; name: string };
  cohortYear: number;
  completers: number;
  continued: number;
  rate: number | null;
}
/** Recorded transitions between programs available in the region (latest cohort year per pair). */
export async function fetchTransitions(regionId: string, options?: ClientOptions): Promise<ProgramTransition[]> {
  const data = await gql<{ transitions: ProgramTransition[] }>(
    `query Transitions($region: ID!) { transitions(regionId: $region) {
      from { id name } to { id name } cohortYear completers continued rate } }`,
    { region: regionId },
    options,
  );
  return data.transitions;
}

export type PooledName = Exclude<IndicatorName, 'medianEarningsQ2'> | 'pooledEarningsQ2';
export type PooledIndicators = Record<PooledName, number | null> & {
  programs: number;
  counted: { indicator: PooledName; programs: number }[];
};
export interface OutcomeRow {
  cohortYear: number;
  enrolled: number | null;
  exiters: number | null;
  completed: number | null;
  employedQ2: number | null;
}
export interface PathwayMeasures {
  indicators: PooledIndicators;
  programs: {
    id: string;
    outcomes: OutcomeRow[];
    transitionsOut: { to: { id: string }; cohortYear: number; completers: number; continued: number }[];
  }[];
}
/** A pathway's pooled indicators, and its programs' rows and transitions (for the funnel). */
export async function fetchPathwayMeasures(id: string, options?: ClientOptions): Promise<PathwayMeasures | null> {
  const data = await gql<{ pathway: PathwayMeasures | null }>(
    `query PathwayMeasures($id: ID!) { pathway(id: $id) {
      indicators { completionRate employmentRateQ2 employmentRateQ4 credentialAttainmentRate measurableSkillGainsRate
        retentionRate pooledEarningsQ2 programs counted { indicator programs } }
      programs { id outcomes { cohortYear enrolled exiters completed employedQ2 }
        transitionsOut { to { id } cohortYear completers continued } } } }`,
    { id },
    options,
  );
  return data.pathway;
}
