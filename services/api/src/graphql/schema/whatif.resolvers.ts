/**
 * whatif.graphql: the what-if engine (graph/src/whatif) over the request's snapshot. A route of
 * the graph after the change carries that graph's index, so its programs, supports and
 * credentials resolve there (a fragment may add them); an entry point resolves in the graph
 * that has it (a removed one, in the snapshot).
 */
import { suggestions, whatIf } from '@pathway/graph/whatif/whatif';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { idx, tagRef } from '../resolver-helpers.ts';
import type { WhatIfEntryPointParent } from '../resolver-parents.ts';
import type { Resolvers } from '../resolver-types.generated.ts';
import { routeParent } from './routes.resolvers.ts';

function literal(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
    case Kind.LIST:
      return node.values.map(literal);
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.ENUM:
      return node.value;
    case Kind.BOOLEAN:
      return node.value;
    case Kind.NULL:
      return null;
    case Kind.VARIABLE:
      // Variables inside an inline fragment literal are not supported: pass the whole fragment as one.
      throw new TypeError('a BundleFragment literal cannot hold variables; pass the fragment as a variable');
  }
}

/** JSON as given; the engine validates it as an import (every problem with its path). */
const BundleFragment = new GraphQLScalarType({
  name: 'BundleFragment',
  description: 'A bundle fragment (CONTRACT.md section 1 keys), validated as an import is.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node) => literal(node),
});

function sideOf(r: WhatIfEntryPointParent, route: 'before' | 'after') {
  const found = r[route];
  if (!found) return null;
  return routeParent(found, route === 'before' ? r.answer.before : r.answer.after);
}

export const whatIfResolvers = {
  BundleFragment,
  Query: {
    whatIf: async (_, args, ctx) => {
      const snapshot = await ctx.snapshot();
      const answer = await whatIf(snapshot.index, args.input);
      return { answer, graphVersion: snapshot.version };
    },
    suggestions: async (_, args, ctx) => {
      const index = await idx(ctx);
      return suggestions(index, args);
    },
  },
  WhatIfResult: {
    entryPoints: (r) => r.answer.entryPoints.map((ep) => ({ ...ep, answer: r.answer })),
    gapsClosed: (r) => r.answer.gapsClosed,
    gapsOpened: (r) => r.answer.gapsOpened,
  },
  WhatIfEntryPoint: {
    entryPoint: (r) => {
      const { after, before } = r.answer;
      const map = after.entryPoints.has(r.entryPointId) ? after.entryPoints : before.entryPoints;
      return tagRef('EntryPoint', map, r.entryPointId);
    },
    before: (r) => sideOf(r, 'before'),
    after: (r) => sideOf(r, 'after'),
  },
  Suggestion: {
    entryPoints: (s) => s.entryPoints.map((ep) => ({ ...ep, answer: s.answer })),
  },
  SuggestedEdge: {
    from: async (e, _, ctx) => tagRef('Credential', (await idx(ctx)).credentials, e.from),
    to: async (e, _, ctx) => tagRef('Program', (await idx(ctx)).programs, e.to),
  },
} satisfies Resolvers;
