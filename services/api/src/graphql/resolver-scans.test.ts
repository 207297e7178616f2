/**
 * Every field resolver costs O(its answer), never a scan of an entity list (issue 15): the same
 * query on the same nodes touches the index exactly as often when the graph also holds 100×
 * more entities that have nothing to do with them. "Touches" are counted by an instrumented
 * index: each lookup (`get`, `has`) and each item an iteration yields, on every map and list
 * of the GraphIndex and on the bundle's arrays. A resolver that filters `index.programs` (or
 * `index.bundle.programs`) per parent touches the extra programs too, and fails here with the
 * list it scanned.
 *
 * The query is built from the schema, so a field added later is covered without editing this
 * file; a field with a required argument this file cannot fill fails until it is added to ARGS.
 * Left out: `search` and `about` (they ask Neo4j), `gaps`, `gapSummary` and `map` (whole-region
 * engines and views, not field lookups; they cache their answers per snapshot), and the route
 * engine's search inside `routes` (every field of its answer is counted).
 */
import type { Bundle } from '@pathway/graph/model/bundle';
import { GraphIndex } from '@pathway/graph/model/graph-index';
import type { Snapshot } from '@pathway/graph/snapshot/snapshot';
import { kingCountyBundle } from '@pathway/graph/test/fixtures';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  buildSchema,
  type GraphQLField,
  type GraphQLNamedType,
  getNamedType,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import mercurius from 'mercurius';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { resolvers } from './resolvers.ts';
import { typeDefs } from './schema.ts';

/**
 * The route engine's own search is not a field lookup (it is benchmarked in-process on its own,
 * services/api/bench/routes.bench.ts): its touches are not counted, those of every field around it are.
 */
const engine = vi.hoisted(() => ({ running: false }));
vi.mock('@pathway/graph/routing/route-answer', async (importOriginal) => {
  const original = await importOriginal<typeof import('@pathway/graph/routing/route-answer')>();
  return {
    ...original,
    findRoutesWithContext: (...args: Parameters<typeof original.findRoutesWithContext>) => {
      engine.running = true;
      try {
        return original.findRoutesWithContext(...args);
      } finally {
        engine.running = false;
      }
    },
  };
});

/** The map's levels and `whatIf` and `suggestions` answer for a whole region by design (their work is bounded by the cost budget). */
const SKIPPED_ROOTS = new Set([
  'search',
  'about',
  'gaps',
  'gapSummary',
  'map',
  'mapOverview',
  'mapGroup',
  'whatIf',
  'suggestions',
]);
const REGION = 'wa-king';

/**
 * Arguments by `Type.field`; any other field gets `regionId` and `first` filled in, nothing else.
 * `first: 1`: the worked example has one pathway, and the first id of each kind is the
 * example's in both graphs (the extra ids sort after it), so a page holds the same node.
 */
const ARGS: Record<string, string[]> = {
  'Query.pathway': ['(id: "pw-it")'],
  'Query.routes': [
    `(input: { regionId: "${REGION}", entryPointId: "ep-grad", limit: 5 })`,
    `(input: { regionId: "${REGION}", entryPointId: "ep-esl", limit: 5, advancement: true, objective: INCOME })`,
  ],
  'Query.routePathway': [`(input: { regionId: "${REGION}", entryPointId: "ep-grad" })`],
};
/** One node of each kind, for `node(id:, kind:)`. */
const NODES: Record<string, string> = {
  Region: REGION,
  Sector: 'it',
  Occupation: '15-1232.00',
  Partner: 'king-cc',
  Credential: 'it-cert',
  Program: 'cc-it-cert',
  EntryPoint: 'ep-grad',
  Support: 'cc-advising',
  Pathway: 'pw-it',
};

const schema = buildSchema(typeDefs);
const MAX_DEPTH = 6;
/** The types whose every field the query asks for somewhere. */
const covered = new Set<string>();

function argsFor(typeName: string, field: GraphQLField<unknown, unknown>): string[] {
  const key = `${typeName}.${field.name}`;
  if (ARGS[key]) return ARGS[key];
  const parts: string[] = [];
  for (const arg of field.args) {
    if (arg.name === 'regionId') parts.push(`regionId: "${REGION}"`);
    else if (arg.name === 'first') parts.push('first: 1');
    else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      throw new Error(`${key} needs argument ${arg.name}: add it to ARGS in resolver-scans.test.ts`);
    }
  }
  return [parts.length > 0 ? `(${parts.join(', ')})` : ''];
}

/** How many times one type is asked in full; elsewhere it gets its id only, which keeps the query small. */
const EXPANSIONS = 3;
const expanded = new Map<string, number>();

/**
 * Every field of the type, and of the types under it, depth first: a type already expanded
 * EXPANSIONS times, or already on the way down (Program → provider → programs), gets only its id.
 * `full` asks the type in full whatever the count (the roots, so each kind is asked on a node
 * that has data).
 */
function selection(type: GraphQLNamedType, depth: number, above: readonly string[] = [], full = false): string {
  if (isInterfaceType(type) || isUnionType(type)) {
    const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
    return `{ __typename ${members.map((m) => `... on ${m.name} ${selection(m, depth, above)}`).join(' ')} }`;
  }
  if (!isObjectType(type)) return '';
  const times = expanded.get(type.name) ?? 0;
  if (!full && (depth >= MAX_DEPTH || above.includes(type.name) || times >= EXPANSIONS)) {
    return type.getFields().id ? '{ id }' : '{ __typename }';
  }
  expanded.set(type.name, times + 1);
  covered.add(type.name);
  // Aliased by type, so fields of one name in sibling fragments never conflict.
  const fields = Object.values(type.getFields()).flatMap((field) =>
    argsFor(type.name, field).map(
      (args, i) =>
        `${type.name}_${field.name}${i}: ${field.name}${args} ${selection(getNamedType(field.type), depth + 1, [...above, type.name])}`,
    ),
  );
  return `{ ${fields.join(' ')} }`;
}

function fullQuery(): string {
  const query = schema.getQueryType();
  if (!query) throw new Error('no Query type');
  const roots: string[] = [];
  // The node roots first: each kind is asked in full on a node of the worked example that has data.
  for (const field of Object.values(query.getFields())) {
    if (SKIPPED_ROOTS.has(field.name)) continue;
    const below = (depth: number) => selection(getNamedType(field.type), depth);
    if (field.name === 'node') {
      for (const [kind, id] of Object.entries(NODES))
        roots.push(`node${kind}: node(id: "${id}", kind: ${kind}) ${below(1)}`);
      continue;
    }
    argsFor('Query', field).forEach((args, i) => {
      const type = getNamedType(field.type);
      roots.push(
        `${field.name}${i}: ${field.name}${args} ${isObjectType(type) ? selection(type, 1, [], true) : below(1)}`,
      );
    });
  }
  return `{ ${roots.join('\n')} }`;
}

/** 100× more of everything, joined only to itself: no answer about the worked example may change. */
function withUnrelated(bundle: Bundle, n: number): Bundle {
  const r = (i: number) => `zz-r${i}`;
  const range = Array.from({ length: n }, (_, i) => i);
  const next = (i: number) => (i + 1) % n;
  return {
    ...bundle,
    regions: [
      ...(bundle.regions ?? []),
      { id: 'zz-root', name: 'Elsewhere' },
      ...range.map((i) => ({ id: r(i), name: `Z${i}`, parentId: 'zz-root' })),
    ],
    wageThresholds: [
      ...(bundle.wageThresholds ?? []),
      ...range.map((i) => ({ regionId: r(i), household: '1A1C' as const, annual: 50_000 })),
    ],
    sectors: [...(bundle.sectors ?? []), ...range.map((i) => ({ id: `zz-s${i}`, name: `S${i}` }))],
    occupations: [
      ...(bundle.occupations ?? []),
      ...range.map((i) => ({ id: `zz-o${i}`, title: `O${i}`, sectorIds: [`zz-s${i}`] })),
    ],
    occupationWages: [
      ...(bundle.occupationWages ?? []),
      ...range.map((i) => ({ occupationId: `zz-o${i}`, regionId: r(i), medianAnnual: 60_000 })),
    ],
    partners: [
      ...(bundle.partners ?? []),
      ...range.map((i) => ({ id: `zz-p${i}`, name: `P${i}`, kind: 'CommunityCollege' as const, regionIds: [r(i)] })),
    ],
    credentials: [
      ...(bundle.credentials ?? []),
      ...range.map((i) => ({ id: `zz-c${i}`, name: `C${i}`, type: 'Certificate' as const, issuerId: `zz-p${i}` })),
    ],
    programs: [
      ...(bundle.programs ?? []),
      ...range.map((i) => ({
        id: `zz-x${i}`,
        name: `X${i}`,
        providerId: `zz-p${i}`,
        awards: [`zz-c${i}`],
        requires: [[`zz-c${next(i)}`]],
        months: 6,
        cost: 1000,
        regionIds: [r(i)],
      })),
    ],
    entryPoints: [
      ...(bundle.entryPoints ?? []),
      ...range.map((i) => ({
        id: `zz-e${i}`,
        name: `E${i}`,
        holds: [`zz-c${next(i)}`],
        enters: [`zz-x${i}`],
        regionIds: [r(i)],
      })),
    ],
    supports: [
      ...(bundle.supports ?? []),
      ...range.map((i) => ({
        id: `zz-sup${i}`,
        name: `Sup${i}`,
        kind: 'Advising' as const,
        providerId: `zz-p${i}`,
        programIds: [`zz-x${i}`],
        regionIds: [r(i)],
      })),
    ],
    pathways: [
      ...(bundle.pathways ?? []),
      ...range.map((i) => ({
        id: `zz-w${i}`,
        name: `W${i}`,
        sectorId: `zz-s${i}`,
        programIds: [`zz-x${i}`],
        destinationOccupationIds: [`zz-o${i}`],
        partnerRoles: [{ partnerId: `zz-p${i}`, role: 'Lead' as const }],
      })),
    ],
    outcomes: [
      ...(bundle.outcomes ?? []),
      ...range.map((i) => ({ programId: `zz-x${i}`, cohortYear: 2023, enrolled: 20, completed: 10, employedQ2: 8 })),
    ],
    transitions: [
      ...(bundle.transitions ?? []),
      ...range.map((i) => ({
        fromProgramId: `zz-x${i}`,
        toProgramId: `zz-x${next(i)}`,
        cohortYear: 2023,
        completers: 10,
        continued: 4,
      })),
    ],
    edges: [
      ...(bundle.edges ?? []),
      ...range.flatMap((i) => [
        { kind: 'QUALIFIES_FOR' as const, from: `zz-c${i}`, to: `zz-o${i}` },
        { kind: 'HIRES' as const, from: `zz-p${i}`, to: `zz-o${i}`, annualOpenings: 3 },
        { kind: 'STACKS_INTO' as const, from: `zz-c${i}`, to: `zz-c${next(i)}`, creditsApplied: 5 },
        { kind: 'ADVANCES_TO' as const, from: `zz-o${i}`, to: `zz-o${next(i)}`, years: 2 },
        { kind: 'ARTICULATES_TO' as const, from: `zz-c${i}`, to: `zz-x${next(i)}`, credits: 5 },
      ]),
    ],
  } as Bundle;
}

/** Touches per list of the index, by name. */
class Tally {
  readonly counts = new Map<string, number>();
  add(name: string, n: number): void {
    if (engine.running) return;
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
  }
}

function countedIterator<T>(iterator: IterableIterator<T>, tally: Tally, name: string): IterableIterator<T> {
  const counted: IterableIterator<T> = {
    next() {
      const step = iterator.next();
      if (!step.done) tally.add(name, 1);
      return step;
    },
    [Symbol.iterator]() {
      return counted;
    },
  };
  return counted;
}

const ITERATORS = new Set<PropertyKey>(['values', 'keys', 'entries', Symbol.iterator]);

function countedMap(map: Map<unknown, unknown>, tally: Tally, name: string): Map<unknown, unknown> {
  return new Proxy(map, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (prop === 'get' || prop === 'has') tally.add(name, 1);
        else if (prop === 'forEach') tally.add(name, target.size);
        else if (ITERATORS.has(prop)) return countedIterator(result as IterableIterator<unknown>, tally, name);
        return result;
      };
    },
  });
}

function countedArray(array: unknown[], tally: Tally, name: string): unknown[] {
  return new Proxy(array, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && /^\d+$/.test(prop)) tally.add(name, 1);
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** The index with every map and list it holds (and the bundle's arrays) counting its touches. */
function instrumented(bundle: Bundle): { index: GraphIndex; tally: Tally } {
  const index = new GraphIndex(bundle);
  const tally = new Tally();
  const fields = index as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Map) fields[name] = countedMap(value, tally, name);
    else if (Array.isArray(value)) fields[name] = countedArray(value, tally, name);
  }
  const arrays = Object.entries(bundle).map(([key, value]) => [
    key,
    Array.isArray(value) ? countedArray(value, tally, `bundle.${key}`) : value,
  ]);
  fields.bundle = Object.fromEntries(arrays);
  return { index, tally };
}

async function appOn(index: GraphIndex): Promise<FastifyInstance> {
  const snapshot: Snapshot = { version: 1, index, builtAt: 0, buildMs: 0 };
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024 });
  await app.register(mercurius, { schema: typeDefs, resolvers, context: () => ({ snapshot: async () => snapshot }) });
  return app;
}

async function run(app: FastifyInstance, query: string) {
  const response = await app.inject({ method: 'POST', url: '/graphql', payload: { query } });
  const body = response.json();
  expect(body.errors, JSON.stringify(body.errors?.slice(0, 3))).toBeUndefined();
  return body.data;
}

/** The touches of one run, after a first run has built what the index builds lazily (derived views). */
async function touches(app: FastifyInstance, tally: Tally, query: string) {
  await run(app, query);
  tally.counts.clear();
  const data = await run(app, query);
  return { data, counts: new Map(tally.counts) };
}

/** The answer less what depends on how many entities of a kind there are: a page's total and next page. */
function withoutListSizes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutListSizes);
  if (typeof value !== 'object' || value === null) return value;
  const kept = Object.entries(value).filter(
    ([key]) => !/^(NodeConnection_totalCount|PageInfo_hasNextPage)\d+$/.test(key),
  );
  return Object.fromEntries(kept.map(([key, v]) => [key, withoutListSizes(v)]));
}

const EXTRA = 100 * 10; // the worked example has about 10 of each kind

describe('GraphQL field resolvers', () => {
  const query = fullQuery();
  let small: { index: GraphIndex; tally: Tally; app: FastifyInstance };
  let big: { index: GraphIndex; tally: Tally; app: FastifyInstance };

  beforeAll(async () => {
    const a = instrumented(kingCountyBundle());
    const b = instrumented(withUnrelated(kingCountyBundle(), EXTRA));
    small = { ...a, app: await appOn(a.index) };
    big = { ...b, app: await appOn(b.index) };
  });
  afterAll(async () => {
    await small?.app.close();
    await big?.app.close();
  });

  it('ask every field of every type the query reaches', () => {
    // Types only the skipped roots return are not reached; every other one is asked in full.
    const onlyUnderSkipped = [
      'About',
      'LabelCount',
      'Gap',
      'GapKindCount',
      'GapSummary',
      'GraphMap',
      'MapNode',
      'MapEdge',
      'SearchHit',
      'KindCount',
      'MapGroup',
      'MapGroupLink',
      'MapOverview',
      'MapGroupPage',
      'WhatIfResult',
      'WhatIfEntryPoint',
      'GapRef',
      'Suggestion',
      'SuggestedEdge',
    ];
    const missing = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && type.name !== 'Query')
      .map((type) => type.name)
      .filter((name) => !covered.has(name) && !onlyUnderSkipped.includes(name));
    expect(missing).toEqual([]);
  });

  it('touch the index as often on a graph 100× larger (the extra entities unrelated to the nodes asked about)', async () => {
    const few = await touches(small.app, small.tally, query);
    const many = await touches(big.app, big.tally, query);
    // The same answer (but for the size of each whole list): the extra entities are not
    // reachable from the nodes asked about.
    expect(withoutListSizes(many.data)).toEqual(withoutListSizes(few.data));
    const total = [...few.counts.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(100);
    const names = [...new Set([...few.counts.keys(), ...many.counts.keys()])].sort();
    const differing = names
      .filter((name) => few.counts.get(name) !== many.counts.get(name))
      .map((name) => `${name}: ${few.counts.get(name) ?? 0} → ${many.counts.get(name) ?? 0}`);
    expect(differing, 'touches that grew with the graph (a resolver scans these)').toEqual([]);
    expect(big.index.programs.size).toBeGreaterThan(100 * small.index.programs.size);
  });
});
