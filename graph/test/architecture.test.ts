/**
 * The arrows between the top-level folders (each folder's README says what may import it),
 * enforced with dependency-cruiser over the real import graph of the repository:
 *
 * - web imports only graph's model (`graph/src/model/**`), and nothing from services;
 * - graph imports no HTTP (fastify, mercurius, @fastify/*) and nothing from services or web;
 * - services reach Neo4j only through graph/src/db (never `neo4j-driver` itself).
 */
import { cruise, type IForbiddenRuleType } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../src/paths.ts';

const forbid = (name: string, from: string, to: string, toNot?: string): IForbiddenRuleType => ({
  name,
  severity: 'error',
  from: { path: from },
  to: toNot === undefined ? { path: to } : { path: to, pathNot: toNot },
});

const RULES: IForbiddenRuleType[] = [
  forbid('web-only-graph-model', '^web/', '^graph/', '^graph/src/model/'),
  forbid('web-not-services', '^web/', '^services/'),
  // graph has no HTTP: no fastify, mercurius or @fastify/*.
  forbid('graph-no-http', '^graph/', 'node_modules/(fastify|mercurius|@fastify/)'),
  forbid('graph-not-services-or-web', '^graph/', '^(services|web)/'),
  // Services open no sessions of their own: they call graph/src/db.
  forbid('services-neo4j-through-graph-db', '^services/', 'node_modules/neo4j-driver'),
];

async function violations(rules: IForbiddenRuleType[]) {
  const previous = process.cwd();
  process.chdir(repoRoot);
  try {
    const result = await cruise(
      ['graph/src', 'graph/test', 'graph/bench', 'services/api/src', 'services/api/test', 'web/src'],
      {
        validate: true,
        ruleSet: { forbidden: rules },
        doNotFollow: { path: 'node_modules' },
        exclude: { path: '(^|/)(dist|coverage)/' },
        tsPreCompilationDeps: true,
        // Workspace packages resolve through their `exports` (`@pathway/graph/*` → graph/src/*.ts).
        enhancedResolveOptions: {
          exportsFields: ['exports'],
          conditionNames: ['import', 'require', 'node', 'default'],
          extensions: ['.ts', '.js', '.mjs', '.cjs', '.json'],
        },
      },
    );
    if (typeof result.output === 'string') throw new Error('expected a cruise result object');
    const unresolved = result.output.modules.flatMap((m) =>
      m.dependencies
        .filter((d) => d.couldNotResolve && !d.module.startsWith('node:'))
        .map((d) => `${m.source} → ${d.module}`),
    );
    return { summary: result.output.summary, modules: result.output.modules.length, unresolved };
  } finally {
    process.chdir(previous);
  }
}

describe('the architecture', () => {
  it('keeps the arrows between graph, services and web', { timeout: 120_000 }, async () => {
    const { summary, modules, unresolved } = await violations(RULES);
    expect(modules).toBeGreaterThan(100);
    // An import the cruiser cannot resolve would escape every rule.
    expect(unresolved).toEqual([]);
    const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(found).toEqual([]);
  });

  it('would catch an arrow the wrong way (the rules match real imports)', { timeout: 120_000 }, async () => {
    // services import graph everywhere: a rule forbidding that must report it.
    const { summary } = await violations([forbid('probe', '^services/', '^graph/src/')]);
    expect(summary.violations.length).toBeGreaterThan(0);
  });
});
