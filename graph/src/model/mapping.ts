/**
 * How the bundle maps onto Neo4j. One table drives the loader, the exporter, the
 * reference checks and the partner scope, so they can never disagree. Stored properties are
 * derived from the zod schemas of bundle.ts (every field that is not an id, a reference or a
 * nested relation), so a new scalar field needs no change here. Labels and relationship types are
 * `as const` literals: they are the only identifiers ever written into Cypher text.
 *
 * - Every entity is a node with its label and its scalar / primitive-list fields as
 *   properties (named as in the bundle).
 * - Every reference field is a relationship from the entity (lists keep their order in a
 *   `position` property).
 * - Requirement groups are `(:Program)-[:REQUIRES {position}]->(:RequirementGroup)-[:ANY_OF {position}]->(:Credential)`.
 * - Partner roles are `(:Partner)-[:PARTNER_IN {role, position}]->(:Pathway)`.
 * - Wage rows are `(:Occupation)-[:EARNS_IN {medianAnnual, …}]->(:Region)`; thresholds are
 *   `(:WageThreshold {key, regionId, household, …})-[:FOR_REGION]->(:Region)`; outcomes are
 *   `(:Program)-[:HAS_OUTCOME]->(:Outcome {key, programId, cohortYear, …})`; transitions are
 *   `(:Program)-[:TRANSITIONS_TO {key, cohortYear, completers, continued, source}]->(:Program)`.
 * - Bundle edges are relationships of their own kind between the two entities.
 */
import type { z } from 'zod';
import {
  credentialSchema,
  EDGE_ENDPOINTS,
  EDGE_KINDS,
  type EdgeKind,
  type EntityKey,
  edgeSchema,
  entryPointSchema,
  occupationSchema,
  occupationWageSchema,
  outcomeSchema,
  partnerSchema,
  pathwaySchema,
  programSchema,
  regionSchema,
  sectorSchema,
  supportSchema,
  transitionSchema,
  wageThresholdSchema,
} from './bundle.ts';
import type { EntityLabel } from './vocabulary.ts';

export interface RefMapping {
  /** The bundle field holding the id(s). */
  field: string;
  /** Relationship type from the entity to the target. */
  rel: string;
  target: EntityLabel;
  many: boolean;
}

/**
 * A list field whose items are more than an id, stored as relationships of their own:
 * - `groups`: a list of id lists, `(entity)-[:rel {position}]->(:groupLabel {key, position})-[:memberRel {position}]->(:target)`;
 * - `incoming`: a list of `{[idField]: id, ...props}`, `(:target)-[:rel {...props, position}]->(entity)`.
 */
export type NestedMapping =
  | {
      shape: 'groups';
      field: string;
      rel: string;
      groupLabel: string;
      memberRel: string;
      target: EntityLabel;
    }
  | {
      shape: 'incoming';
      field: string;
      rel: string;
      target: EntityLabel;
      idField: string;
      props: readonly string[];
    };

export interface EntityMapping {
  key: EntityKey;
  label: EntityLabel;
  /** Scalar and primitive-list fields stored as node properties (besides `id`): every schema field that is not a ref or nested. */
  props: readonly string[];
  refs: readonly RefMapping[];
  nested: readonly NestedMapping[];
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** The schema's fields in schema order, less the ones stored some other way. */
function fieldsOf(schema: AnyObject, except: Iterable<string>): string[] {
  const skip = new Set(except);
  return Object.keys(schema.shape).filter((field) => !skip.has(field));
}

const ref = (field: string, rel: string, target: EntityLabel, many = true): RefMapping => ({
  field,
  rel,
  target,
  many,
});

function entity(
  key: EntityKey,
  label: EntityLabel,
  schema: AnyObject,
  refs: RefMapping[],
  nested: NestedMapping[] = [],
): EntityMapping {
  const props = fieldsOf(schema, ['id', ...refs.map((r) => r.field), ...nested.map((n) => n.field)]);
  return { key, label, props, refs, nested };
}

export const REQUIRES_REL = 'REQUIRES';
export const ANY_OF_REL = 'ANY_OF';
export const PARTNER_IN_REL = 'PARTNER_IN';
export const EARNS_IN_REL = 'EARNS_IN';
export const FOR_REGION_REL = 'FOR_REGION';
export const HAS_OUTCOME_REL = 'HAS_OUTCOME';
/** `(:Program)-[:TRANSITIONS_TO {key, cohortYear, completers, continued, source}]->(:Program)`, one per cohort year. */
export const TRANSITIONS_TO_REL = 'TRANSITIONS_TO';
export const OFFERED_BY_REL = 'OFFERED_BY';
export const PROVIDED_BY_REL = 'PROVIDED_BY';
export const ISSUED_BY_REL = 'ISSUED_BY';
export const IN_SECTOR_REL = 'IN_SECTOR';

/** In dependency order: an entity's references point to kinds listed before it or to itself. */
export const ENTITY_MAPPINGS: readonly EntityMapping[] = [
  entity('regions', 'Region', regionSchema, [ref('parentId', 'PART_OF', 'Region', false)]),
  entity('sectors', 'Sector', sectorSchema, []),
  entity('occupations', 'Occupation', occupationSchema, [ref('sectorIds', IN_SECTOR_REL, 'Sector')]),
  entity('partners', 'Partner', partnerSchema, [ref('regionIds', 'SERVES', 'Region')]),
  entity('credentials', 'Credential', credentialSchema, [ref('issuerId', ISSUED_BY_REL, 'Partner', false)]),
  entity(
    'programs',
    'Program',
    programSchema,
    [
      ref('providerId', OFFERED_BY_REL, 'Partner', false),
      ref('awards', 'AWARDS', 'Credential'),
      ref('regionIds', 'AVAILABLE_IN', 'Region'),
    ],
    [
      {
        shape: 'groups',
        field: 'requires',
        rel: REQUIRES_REL,
        groupLabel: 'RequirementGroup',
        memberRel: ANY_OF_REL,
        target: 'Credential',
      },
    ],
  ),
  entity('entryPoints', 'EntryPoint', entryPointSchema, [
    ref('holds', 'HOLDS', 'Credential'),
    ref('enters', 'ENTERS', 'Program'),
    ref('regionIds', 'AVAILABLE_IN', 'Region'),
  ]),
  entity('supports', 'Support', supportSchema, [
    ref('providerId', PROVIDED_BY_REL, 'Partner', false),
    ref('programIds', 'SUPPORTS', 'Program'),
    ref('regionIds', 'AVAILABLE_IN', 'Region'),
  ]),
  entity(
    'pathways',
    'Pathway',
    pathwaySchema,
    [
      ref('sectorId', IN_SECTOR_REL, 'Sector', false),
      ref('programIds', 'INCLUDES', 'Program'),
      ref('destinationOccupationIds', 'LEADS_TO', 'Occupation'),
    ],
    [
      {
        shape: 'incoming',
        field: 'partnerRoles',
        rel: PARTNER_IN_REL,
        target: 'Partner',
        idField: 'partnerId',
        props: ['role'],
      },
    ],
  ),
];

/** An id field of a row and the entity kind it names. */
export interface RowEnd {
  field: string;
  label: EntityLabel;
}

/**
 * A bundle list of keyed rows. Its key is its `keyFields` joined by `|`, its stored properties
 * every schema field that is not an endpoint (a node row keeps them all).
 * - `node`: a node `(:label {key, ...props})` linked to `link.label` by `link.rel` (`out` from the row, `in` to it);
 * - `relationship`: `(:from)-[:rel {...props}]->(:to)`; with `storesKey`, the relationship holds `key`
 *   too (several per pair), else the pair is the key.
 */
export interface NodeRowMapping {
  shape: 'node';
  key: 'wageThresholds' | 'outcomes';
  label: string;
  keyFields: readonly string[];
  props: readonly string[];
  link: RowEnd & { rel: string; direction: 'out' | 'in' };
  /** What a duplicate is, for the validation message. */
  what: string;
}

export interface RelationshipRowMapping {
  shape: 'relationship';
  key: 'occupationWages' | 'transitions' | 'edges';
  rel: string;
  from: RowEnd;
  to: RowEnd;
  keyFields: readonly string[];
  storesKey: boolean;
  props: readonly string[];
  what: string;
  /** The error when both ends are the same entity (such a row is refused), if it is refused. */
  selfLoop?: string;
}

export type RowMapping = NodeRowMapping | RelationshipRowMapping;

export const ROW_MAPPINGS: readonly RowMapping[] = [
  {
    shape: 'node',
    key: 'wageThresholds',
    label: 'WageThreshold',
    keyFields: ['regionId', 'household'],
    props: fieldsOf(wageThresholdSchema, []),
    link: { field: 'regionId', label: 'Region', rel: FOR_REGION_REL, direction: 'out' },
    what: 'threshold for this region and household',
  },
  {
    shape: 'relationship',
    key: 'occupationWages',
    rel: EARNS_IN_REL,
    from: { field: 'occupationId', label: 'Occupation' },
    to: { field: 'regionId', label: 'Region' },
    keyFields: ['occupationId', 'regionId'],
    storesKey: false,
    props: fieldsOf(occupationWageSchema, ['occupationId', 'regionId']),
    what: 'wage row for this occupation and region',
  },
  {
    shape: 'node',
    key: 'outcomes',
    label: 'Outcome',
    keyFields: ['programId', 'cohortYear'],
    props: fieldsOf(outcomeSchema, []),
    link: { field: 'programId', label: 'Program', rel: HAS_OUTCOME_REL, direction: 'in' },
    what: 'outcome for this program and cohort year',
  },
  {
    shape: 'relationship',
    key: 'transitions',
    rel: TRANSITIONS_TO_REL,
    from: { field: 'fromProgramId', label: 'Program' },
    to: { field: 'toProgramId', label: 'Program' },
    keyFields: ['fromProgramId', 'toProgramId', 'cohortYear'],
    storesKey: true,
    props: fieldsOf(transitionSchema, ['fromProgramId', 'toProgramId']),
    what: 'transition for these programs and cohort year',
    selfLoop: 'a transition must lead to another program',
  },
];

/** A row's key (its key fields joined by `|`), or undefined while one is missing. */
export function rowKey(mapping: { keyFields: readonly string[] }, row: Record<string, unknown>): string | undefined {
  const parts: string[] = [];
  for (const field of mapping.keyFields) {
    const value = row[field];
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    parts.push(String(value));
  }
  return parts.join('|');
}

/** Fields of bundle edges stored on the relationship, per kind: the kind's schema less kind, from and to. */
export const EDGE_PROPS = Object.fromEntries(
  EDGE_KINDS.map((kind) => {
    const option = edgeSchema.options.find((o) => o.shape.kind.value === kind) as AnyObject;
    return [kind, fieldsOf(option, ['kind', 'from', 'to'])];
  }),
) as unknown as Record<EdgeKind, readonly string[]>;

/** Bundle edges as relationship rows, one per kind (endpoints and stored fields differ by kind). */
export const EDGE_MAPPINGS: readonly (RelationshipRowMapping & { kind: EdgeKind })[] = EDGE_KINDS.map((kind) => ({
  shape: 'relationship',
  key: 'edges',
  kind,
  rel: kind,
  from: { field: 'from', label: EDGE_ENDPOINTS[kind][0] },
  to: { field: 'to', label: EDGE_ENDPOINTS[kind][1] },
  keyFields: ['kind', 'from', 'to'],
  storesKey: false,
  props: EDGE_PROPS[kind],
  what: 'edge (same kind, from and to)',
}));

export function mappingFor(key: EntityKey): EntityMapping {
  const mapping = ENTITY_MAPPINGS.find((m) => m.key === key);
  if (!mapping) throw new Error(`no mapping for ${key}`);
  return mapping;
}

export const thresholdKey = (regionId: string, household: string) => `${regionId}|${household}`;
export const outcomeKey = (programId: string, cohortYear: number) => `${programId}|${cohortYear}`;
export const transitionKey = (fromProgramId: string, toProgramId: string, cohortYear: number) =>
  `${fromProgramId}|${toProgramId}|${cohortYear}`;
export const edgeKey = (kind: string, from: string, to: string) => `${kind}|${from}|${to}`;
