import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costLimitRule, documentLimitErrors, FIELD_COSTS, MAX_ALIASES, requestCost } from './cost.rules.ts';
import { typeDefs } from './schema.ts';

const schema = buildSchema(typeDefs);
const cost = (query: string, operationName?: string) => requestCost(schema, parse(query), operationName);
const errors = (query: string, budget = 100) =>
  validate(schema, parse(query), [...specifiedRules, costLimitRule(budget)]);
const limits = (query: string) => documentLimitErrors(parse(query)).map((e) => e.message);

const routes = (input: string, alias = '') => `${alias}routes(input: { regionId: "r"${input} }) { threshold }`;

describe('the cost of a GraphQL request', () => {
  it('costs nothing for cheap fields and the table price for expensive ones', () => {
    expect(cost('{ about { version } node(id: "x") { id } }')).toBe(0);
    expect(cost('{ map { nodes { id } } }')).toBe(FIELD_COSTS['Query.map']?.cost);
    expect(cost('{ gaps { kind } }')).toBe(FIELD_COSTS['Query.gaps']?.cost);
  });

  it('prices the what-if fields as expensive: a whatIf and a suggestions fit one request, two of each do not', () => {
    const whatIf = (alias = '') => `${alias}whatIf(input: { regionId: "r" }) { gapsOpened { kind } }`;
    const suggestions = (alias = '') => `${alias}suggestions(regionId: "r") { gained }`;
    expect(cost(`{ ${whatIf()} }`)).toBe(30);
    expect(cost(`{ ${suggestions()} }`)).toBe(60);
    expect(errors(`{ ${whatIf()} ${suggestions()} }`)).toEqual([]);
    expect(errors(`{ ${suggestions('a: ')} ${suggestions('b: ')} }`)[0]?.extensions.code).toBe('COST_LIMIT');
    expect(errors(`{ ${[1, 2, 3, 4].map((i) => whatIf(`w${i}: `)).join(' ')} }`)[0]?.extensions.code).toBe(
      'COST_LIMIT',
    );
  });

  it('scales routes by input.limit: the default, a literal, the maximum for a variable', () => {
    expect(cost(`{ ${routes('')} }`)).toBe(9);
    expect(cost(`{ ${routes(', limit: 1')} }`)).toBe(3);
    expect(cost(`{ ${routes(', limit: 10')} }`)).toBe(30);
    // Out of range is the resolver's error; it must not make the request look cheap.
    expect(cost(`{ ${routes(', limit: 100000')} }`)).toBe(30);
    expect(cost(`{ ${routes(', limit: -5')} }`)).toBe(3);
    expect(cost('query($i: RouteInput!) { routes(input: $i) { threshold } }')).toBe(30);
    expect(cost(`query($n: Int) { ${routes(', limit: $n')} }`)).toBe(30);
  });

  it('counts every alias and every fragment spread, and what each page item selects', () => {
    expect(cost(`{ ${routes('', 'a: ')} ${routes('', 'b: ')} }`)).toBe(18);
    const fragment = `fragment R on Query { ${routes(', limit: 2')} }`;
    expect(cost(`{ ... on Query { ...R } x: about { version } ...R } ${fragment}`)).toBe(12);
    expect(cost('{ pathways(first: 4) { edges { node { ... on Pathway { quality { pass } } } } } }')).toBe(20);
    expect(cost('{ pathways { edges { node { id } } } }')).toBe(0);
    // A field named like an expensive one on another type is not that field.
    expect(cost('query($i: RouteInput!) { routes(input: $i) { routes { rank } } }')).toBe(30);
  });

  it('prices the operation the request names', () => {
    const doc = `query A { gaps { kind } } query B { map { nodes { id } } }`;
    expect(cost(doc, 'A')).toBe(20);
    expect(cost(doc, 'B')).toBe(10);
  });

  it('refuses an operation over budget, naming the cost, the field and the limit', () => {
    const many = Array.from({ length: 400 }, (_, i) => routes(', limit: 10', `r${i}: `)).join(' ');
    const found = errors(`{ ${many} }`);
    const limit = found.find((e) => e.extensions.code === 'COST_LIMIT');
    expect(limit?.message).toBe('this request costs 12000 (routes ×400 at 30 each); the limit is 100');
    expect(limits(`{ ${many} }`)).toEqual(['the document has 400 aliases; the limit is 100']);
    expect(errors(`query Q { ${routes('')} }`, 8)[0]?.message).toBe(
      'operation Q costs 9 (routes ×1 at 9 each); the limit is 8',
    );
    expect(errors(`{ ${routes('')} }`, 9)).toEqual([]);
  });

  it('ends on a fragment cycle (reported by the standard rule) instead of looping', () => {
    const found = errors('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A gaps { kind } }');
    expect(found.some((e) => /Cannot spread fragment/.test(e.message))).toBe(true);
  });

  it('caps aliases, operations and repeats of one name per document', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: about { version }`).join(' ');
    expect(limits(`{ ${aliases(MAX_ALIASES)} }`)).toEqual([]);
    expect(limits(`{ ${aliases(MAX_ALIASES + 1)} }`)).toEqual(['the document has 101 aliases; the limit is 100']);
    const ops = Array.from({ length: 11 }, (_, i) => `query Q${i} { about { version } }`).join(' ');
    expect(limits(ops)).toEqual(['the document has 11 operations; the limit is 10']);
    expect(limits(`{ about { ${'version '.repeat(20)} } }`)).toEqual([]);
    expect(limits(`query { ...F } fragment F on Query { about { ${'version '.repeat(21)} } }`)).toEqual([
      '"version" is selected 21 times in one selection; the limit is 20',
    ]);
    expect(limits(`{ ${'x: about { version } '.repeat(30)} }`)).toContain(
      '"x" is selected 30 times in one selection; the limit is 20',
    );
  });
});
