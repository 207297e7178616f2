/**
 * npm run fuzz [-- --runs N] [--url http://127.0.0.1:PORT/graphql] [--concurrency C] [--seed S]
 *
 * Without --url: the fuzz tests of the suite (GraphQL in-process, POST /graphql's fast path against
 * Mercurius on the same cases, and the bundle, CSV-folder and CTDL importers) with N cases each, against the test Neo4j (`npm test` runs them CI-sized).
 * With --url: the GraphQL cases fired at a running service; prints the count of each status,
 * the 5xx seen, answers that break the rules (an error without `extensions.code`, BAD_USER_INPUT
 * without an argument path) and the time taken, as JSON lines; exits 1 on any problem.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { checkAnswer, type FuzzRequest, fuzzRequest } from '../test/graphql-fuzz-cases.ts';

const FUZZ_TESTS = [
  'services/api/test/graphql-fuzz.int.test.ts',
  'services/api/test/graphql-fast-path.int.test.ts',
  'graph/src/import/import-fuzz.int.test.ts',
];

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '1000' },
    url: { type: 'string' },
    concurrency: { type: 'string', default: '8' },
    seed: { type: 'string' },
  },
});
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: expected a whole number above 0`);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
  throw new Error(`--concurrency ${values.concurrency}: expected 1 to 256`);

if (values.url === undefined) {
  const result = spawnSync('npx', ['vitest', 'run', '--project', 'integration', ...FUZZ_TESTS], {
    stdio: 'inherit',
    env: { ...process.env, FUZZ_RUNS: String(runs) },
  });
  process.exit(result.status ?? 1);
}

const url = new URL(values.url);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
const cases = fc.sample(fuzzRequest, { numRuns: runs, seed });

async function fire(request: FuzzRequest) {
  const target = new URL(url);
  if (request.search !== undefined) target.search = request.search;
  const response = await fetch(target, {
    method: request.method,
    headers: request.contentType === undefined ? {} : { 'content-type': request.contentType },
    body: request.body,
    signal: AbortSignal.timeout(60_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    body: await response.text(),
  };
}

const started = Date.now();
const statuses = new Map<string, number>();
const byKind = new Map<string, number>();
const codes = new Map<string, number>();
const problems: { kind: string; problem: string }[] = [];
let fivexx = 0;
let next = 0;
async function worker() {
  for (let i = next++; i < cases.length; i = next++) {
    const request = cases[i] as FuzzRequest;
    byKind.set(request.kind, (byKind.get(request.kind) ?? 0) + 1);
    let status: string;
    try {
      const answer = await fire(request);
      status = String(answer.status);
      if (answer.status >= 500) fivexx += 1;
      const checked = checkAnswer(answer);
      for (const problem of checked.problems) problems.push({ kind: request.kind, problem });
      for (const code of checked.codes) codes.set(code, (codes.get(code) ?? 0) + 1);
    } catch (error) {
      status = `no answer (${(error as Error).name})`;
      problems.push({ kind: request.kind, problem: `no answer: ${(error as Error).message}` });
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));

const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
line({
  fuzz: 'graphql',
  url: url.href,
  seed,
  requests: cases.length,
  concurrency,
  statuses: Object.fromEntries([...statuses].sort()),
  kinds: Object.fromEntries([...byKind].sort()),
  errorCodes: Object.fromEntries([...codes].sort()),
  fivexx,
  problems: problems.length,
  seconds: Number(((Date.now() - started) / 1000).toFixed(1)),
});
for (const p of problems.slice(0, 20)) line(p);
process.exit(problems.length > 0 ? 1 : 0);
