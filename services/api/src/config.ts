/** The service's configuration: one zod schema over the environment, validated once at boot. */
import { describeEnvIssues, neo4jEnvSchema } from '@pathway/graph/db/connection';
import { z } from 'zod';

const TOKEN = /^[A-Za-z0-9_-]{24,}$/;
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export type ApiKeyScope = { kind: 'admin' } | { kind: 'partner'; partnerId: string };
export interface ApiKey {
  name: string;
  scope: ApiKeyScope;
  token: string;
}

/**
 * API_KEYS: comma-separated `NAME:SCOPE:TOKEN` entries, SCOPE `admin` or `partner=<partner id>`,
 * TOKEN at least 24 characters of [A-Za-z0-9_-] (e.g. `openssl rand -base64 32 | tr +/ -_`).
 */
export function parseApiKeys(value: string, ctx: z.RefinementCtx): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const [index, entry] of entries.entries()) {
    const first = entry.indexOf(':');
    const last = entry.lastIndexOf(':');
    const problem = (message: string) =>
      ctx.addIssue({ code: 'custom', message: `entry ${index + 1}: ${message}`, path: [] });
    if (first <= 0 || last === first) {
      problem('expected NAME:SCOPE:TOKEN');
      continue;
    }
    const name = entry.slice(0, first);
    const scopeText = entry.slice(first + 1, last);
    const token = entry.slice(last + 1);
    if (!KEY_NAME.test(name)) {
      problem(`key name "${name}" must match ${KEY_NAME.source}`);
      continue;
    }
    if (!TOKEN.test(token)) {
      problem(`the token of "${name}" must be 24 or more characters of A-Z a-z 0-9 _ -`);
      continue;
    }
    let scope: ApiKeyScope;
    if (scopeText === 'admin') scope = { kind: 'admin' };
    else if (scopeText.startsWith('partner=') && ID.test(scopeText.slice(8)))
      scope = { kind: 'partner', partnerId: scopeText.slice(8) };
    else {
      problem(`the scope of "${name}" must be "admin" or "partner=<partner id>"`);
      continue;
    }
    if (keys.some((k) => k.name === name)) {
      problem(`key name "${name}" is used twice`);
      continue;
    }
    if (keys.some((k) => k.token === token)) {
      problem(`the token of "${name}" is used by another key`);
      continue;
    }
    keys.push({ name, scope, token });
  }
  return keys;
}

function parseOrigins(value: string, ctx: z.RefinementCtx): string[] {
  const origins: string[] = [];
  for (const raw of value.split(/[\s,]+/).filter(Boolean)) {
    if (raw === "'self'" || raw === 'self') {
      origins.push("'self'");
      continue;
    }
    try {
      const url = new URL(raw);
      if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== raw.replace(/\/$/, '')) throw 0;
      origins.push(url.origin);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${raw}" is not an origin such as https://partner.example.org` });
    }
  }
  return origins;
}

export const configSchema = neo4jEnvSchema.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  API_KEYS: z.string().default('').transform(parseApiKeys),
  EMBED_ORIGINS: z.string().default('').transform(parseOrigins),
  LOAD_SAMPLE: z.enum(['auto', 'never']).default('auto'),
  /**
   * `on`: a POST /graphql query Mercurius has accepted once is answered from its compiled query
   * without Mercurius after that (plugins/app/graphql-fast-path.ts); `off`: Mercurius answers all.
   */
  GRAPHQL_FAST_PATH: z.enum(['on', 'off']).default('on'),
  /** The most one GraphQL request may cost (graphql/cost.rules.ts); a request over it is refused unrun. */
  GRAPHQL_COST_BUDGET: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Largest /graphql request body, in bytes. */
  GRAPHQL_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(256 * 1024),
  /** Largest POST /api/bundles body, in bytes. */
  BUNDLE_BODY_LIMIT: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(50 * 1024 * 1024),
  /** A GraphQL request costing at least this much counts against the client's rate limit. */
  RATE_LIMIT_COST: z.coerce.number().min(0).max(1_000_000).default(10),
  /** How many such requests one client (IP) may send per RATE_LIMIT_WINDOW_MS. */
  RATE_LIMIT_MAX: z.coerce.number().int().min(1).max(1_000_000).default(120),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).max(86_400_000).default(60_000),
  /** Expensive GraphQL requests are refused (WORK_LIMIT, 503) while the heap is fuller than this share of its limit. */
  WORK_HEAP_RATIO: z.coerce.number().gt(0).max(1).default(0.75),
  /** Every request is shed (503) while the heap is fuller than this share of its limit, or the event loop lags more than SHED_EVENT_LOOP_MS. */
  SHED_HEAP_RATIO: z.coerce.number().gt(0).max(1).default(0.9),
  SHED_EVENT_LOOP_MS: z.coerce.number().int().min(10).max(60_000).default(1000),
  /**
   * How often (ms) the service polls the graph's version and applies other writers' logged writes
   * to its in-memory index (graph/src/snapshot/snapshot.ts); 0 turns the poll off (only writes
   * through this instance are then seen).
   */
  /**
   * When set, GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise):
   * for a service whose port is reachable by more than its scraper. Unset, /metrics is open.
   */
  METRICS_TOKEN: z.string().regex(TOKEN, 'must be 24 or more characters of A-Z a-z 0-9 _ -').optional(),
  SNAPSHOT_POLL_MS: z.coerce.number().int().min(0).max(60_000).default(300),
});
export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates the environment; the error names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) throw new ConfigError(`invalid configuration:\n${describeEnvIssues(result.error)}`);
  return result.data;
}
