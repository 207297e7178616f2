/**
 * A route as a CTDL Pathway (CONTRACT.md section 8): pure, from a route answer and the index it
 * was computed on. The document holds one `ceterms:Pathway` and its components:
 * - per program step a `ceterms:CredentialComponent` for the program's first award (`awards[0]`):
 *   its name, `ceterms:credentialType` its CTDL class, `ceterms:proxyFor` its CTID IRI when it has one;
 * - per work step a `ceterms:WorkExperienceComponent` named after the occupation moved to;
 * - the destination, one `ceterms:JobComponent` (title, `ceterms:occupationType` with the
 *   O*NET-SOC code when known);
 * - `ceterms:precedes` from each step's component to the next one's, the last to the destination;
 *   the Pathway's `ceterms:hasDestinationComponent` is the destination, `ceterms:hasChild` every
 *   component (the empty route: the destination alone).
 *
 * Every CTID is a name-based UUID (RFC 4122 version 5) of what fixes the route — region, entry
 * point, credentials held, the steps and the destination — so the same route always gives the
 * same document, and importing it twice gives one pathway. Components also name the graph
 * entities they stand for (`ceterms:identifier`, type names in GRAPH_REFERENCE): the importer
 * reads those as references to the graph the route came from (import/pathway-import.ts) instead
 * of creating entities, so the document imports back as a pathway of existing programs to the
 * route's destination.
 */
import { createHash } from 'node:crypto';
import { BadInputError, NotFoundError } from '../errors.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import {
  MAX_LIMIT,
  type ParsedRouteInput,
  parseRouteInput,
  type Route,
  type RouteInput,
} from '../routing/route-input.ts';
import { searchRoutes } from '../routing/route-search.ts';
import { BUNDLE_ID_IDENTIFIER } from './ctdl-import.ts';
import { CREDENTIAL_TYPE_CLASS, CTDL_CONTEXT, GRAPH_REFERENCE, REGISTRY_RESOURCES } from './ctdl-vocabulary.ts';

type Node = Record<string, unknown>;

/** The namespace of the route CTIDs (a fixed, random UUID: CTIDs of other systems never collide with these). */
const ROUTE_NAMESPACE = '6f1d4b52-8c0e-4d8f-9a57-3f6c2be1d0a4';
export const O_NET_FRAMEWORK = 'https://www.onetcenter.org/taxonomy.html';

const text = (value: string): Record<string, string> => ({ 'en-US': value });

/** An RFC 4122 version 5 (SHA-1, name-based) UUID of `name` in ROUTE_NAMESPACE. */
export function nameUuid(name: string): string {
  const namespace = Buffer.from(ROUTE_NAMESPACE.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(namespace).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function reference(kind: keyof typeof GRAPH_REFERENCE, value: string): Node {
  return {
    '@type': 'ceterms:IdentifierValue',
    'ceterms:identifierTypeName': text(GRAPH_REFERENCE[kind]),
    'ceterms:identifierValueCode': value,
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** What fixes the route (and so its document): everything else in the input only chose it. */
export function routeKey(input: ParsedRouteInput, route: Route): string {
  return JSON.stringify({
    region: input.regionId,
    entryPoint: input.entryPointId ?? null,
    held: [...new Set(input.heldCredentialIds ?? [])].sort(),
    steps: route.steps.map((s) => (s.kind === 'WORK' && s.edge ? `${s.edge.from}>${s.edge.to}` : s.programId)),
    destination: route.destinationId,
  });
}

/** The pathway id the document gives its Pathway (and the bundle pathway it imports as). */
export function routePathwayId(input: ParsedRouteInput, route: Route): string {
  return `route-${nameUuid(routeKey(input, route)).slice(0, 18)}`;
}

/** The CTDL JSON-LD document of one route (see the file comment). */
export function routeToCtdlPathway(index: GraphIndex, input: ParsedRouteInput, route: Route): object {
  const key = routeKey(input, route);
  const ctidOf = (part: string) => `ce-${nameUuid(`${key}#${part}`)}`;
  const iri = (ctid: string) => `${REGISTRY_RESOURCES}${ctid}`;
  const pathwayCtid = ctidOf('pathway');
  const pathwayIri = iri(pathwayCtid);
  const destination = index.occupations.get(route.destinationId);
  const destinationTitle = destination?.title ?? route.destinationId;
  const region = index.regions.get(input.regionId);

  const components: Node[] = [];
  const component = (type: string, ctid: string, name: string): Node => {
    const node: Node = {
      '@id': iri(ctid),
      '@type': type,
      'ceterms:ctid': ctid,
      'ceterms:name': text(name),
      'ceterms:isPartOf': [pathwayIri],
    };
    components.push(node);
    return node;
  };

  route.steps.forEach((step, i) => {
    const months = `${round(step.months, 2)} months`;
    if (step.kind === 'WORK' && step.edge) {
      const from = index.occupations.get(step.edge.from);
      const to = index.occupations.get(step.edge.to);
      const node = component('ceterms:WorkExperienceComponent', ctidOf(`step-${i}`), to?.title ?? step.edge.to);
      node['ceterms:description'] = text(
        `${round(step.edge.years, 2)} years (${months}) working as ${from?.title ?? step.edge.from}, then moving up to ${to?.title ?? step.edge.to}.`,
      );
      node['ceterms:identifier'] = [reference('work', `${step.edge.from}>${step.edge.to}`)];
      return;
    }
    const program = index.programs.get(step.programId);
    const credentialId = program?.awards[0] ?? step.awards[0];
    const credential = credentialId === undefined ? undefined : index.credentials.get(credentialId);
    const node = component(
      'ceterms:CredentialComponent',
      ctidOf(`step-${i}`),
      credential?.name ?? program?.name ?? step.programId,
    );
    if (credential) node['ceterms:credentialType'] = CREDENTIAL_TYPE_CLASS[credential.type];
    if (credential?.ctid !== undefined) node['ceterms:proxyFor'] = iri(credential.ctid);
    const provider = index.partners.get(step.providerId);
    const facts = [months, `$${round(step.cost, 2)} after credit`];
    if (step.creditsGranted > 0) facts.push(`${round(step.creditsGranted, 2)} credits granted`);
    node['ceterms:description'] = text(
      `Earned by completing ${program?.name ?? step.programId}${provider ? ` at ${provider.name}` : ''} (${facts.join(', ')}).`,
    );
    const refs = [reference('program', step.programId)];
    if (credentialId !== undefined) refs.push(reference('credential', credentialId));
    node['ceterms:identifier'] = refs;
  });

  const job = component('ceterms:JobComponent', ctidOf('destination'), destinationTitle);
  const code = destination?.onetSoc;
  if (code !== undefined) {
    job['ceterms:occupationType'] = [
      {
        '@type': 'ceterms:CredentialAlignmentObject',
        'ceterms:framework': O_NET_FRAMEWORK,
        'ceterms:frameworkName': text('O*NET-SOC'),
        'ceterms:targetNodeName': text(destinationTitle),
        'ceterms:codedNotation': code,
      },
    ];
  }
  job['ceterms:identifier'] = [reference('occupation', route.destinationId)];

  // Each component precedes the next; the last step's precedes the destination.
  for (let i = 0; i + 1 < components.length; i++) {
    (components[i] as Node)['ceterms:precedes'] = [(components[i + 1] as Node)['@id']];
  }

  const steps = route.steps.length;
  const pathway: Node = {
    '@id': pathwayIri,
    '@type': 'ceterms:Pathway',
    'ceterms:ctid': pathwayCtid,
    'ceterms:name': text(`Route to ${destinationTitle}${region ? ` in ${region.name}` : ''}`),
    'ceterms:description': text(
      steps === 0
        ? `Already qualified for ${destinationTitle}: no steps.`
        : `${steps} step${steps === 1 ? '' : 's'}, ${round(route.totalMonths, 2)} months and $${round(route.totalCost, 2)} in all (after credit), to ${destinationTitle}${
            route.destinationWage === null ? '' : ` (regional median $${round(route.destinationWage, 0)} a year)`
          }.`,
    ),
    'ceterms:identifier': [
      {
        '@type': 'ceterms:IdentifierValue',
        'ceterms:identifierTypeName': text(BUNDLE_ID_IDENTIFIER),
        'ceterms:identifierValueCode': routePathwayId(input, route),
      },
    ],
    'ceterms:hasDestinationComponent': [job['@id']],
    'ceterms:hasChild': components.map((c) => c['@id']),
  };
  return { '@context': CTDL_CONTEXT, '@graph': [pathway, ...components] };
}

/** The document of the route of rank `rank` (1 = the best) for a route input, as routePathway answers it. */
export function routePathwayDocument(index: GraphIndex, raw: RouteInput | unknown, rank: unknown = 1): object {
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 1 || rank > MAX_LIMIT) {
    throw new BadInputError('rank', `must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const input = parseRouteInput(raw);
  // The route of rank r is the same whatever the limit (≥ r): search for no more than needed.
  const { routes } = searchRoutes(index, { ...input, limit: rank });
  const route = routes[rank - 1];
  if (route === undefined) {
    throw new NotFoundError(
      'rank',
      routes.length === 0
        ? 'no route for this input, so no route of rank 1'
        : `there ${routes.length === 1 ? 'is 1 route' : `are ${routes.length} routes`} for this input, not ${rank}`,
    );
  }
  return routeToCtdlPathway(index, input, route);
}
