/**
 * The web tests' server: web/dist built when missing or older than its sources, the sample
 * region loaded into the test Neo4j, and the real app listening on a free local port.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import app from '@pathway/api';
import type { GraphDb } from '@pathway/graph/db/graph-db';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { SAMPLE_BUNDLE } from '@pathway/graph/import/sample';
import { repoRoot } from '@pathway/graph/paths';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { loadConfig } from '../../services/api/src/config.ts';
import { caughtUp as caughtUpApp } from '../../services/api/test/build-app.ts';
import { axe, type Browser, describeViolations, launchBrowser, watch } from './browser.ts';

export const webDir = join(repoRoot, 'web');
export const distDir = join(webDir, 'dist');
export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds web/dist (the app, the embed and GraphiQL) unless it is newer than every source file. */
export function ensureFreshBuild(): void {
  const sources = [
    'src',
    'public',
    'examples',
    'index.html',
    'embed.html',
    'graphiql.html',
    'vite.config.ts',
    'vite.embed.config.ts',
    'vite.graphiql.config.ts',
    'package.json',
  ];
  const sourceTime = Math.max(...sources.map((s) => newest(join(webDir, s))));
  const outputs = ['index.html', 'embed.html', 'embed.js', 'examples/embed.html', 'graphiql.html'].map((f) =>
    join(distDir, f),
  );
  const builtTime = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (builtTime > sourceTime) return;
  execFileSync('npm', ['run', 'build', '-w', '@pathway/web'], { cwd: repoRoot, stdio: 'pipe', timeout: 180_000 });
}

export const sampleBundle = () => JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8'));

export interface WebServer {
  base: string;
  app: FastifyInstance;
  db: GraphDb;
  close(): Promise<void>;
}

/** Resets the test graph to the sample region and serves the real app on 127.0.0.1:<free port>. */
export async function startWebServer(env: NodeJS.ProcessEnv = {}): Promise<WebServer> {
  ensureFreshBuild();
  mkdirSync(screenshotDir, { recursive: true });
  const db = testDb();
  await resetGraph(db);
  const loaded = await importBundle(db, sampleBundle(), { replace: true });
  if (!loaded.ok) throw new Error(`the sample bundle did not load: ${JSON.stringify(loaded.errors.slice(0, 3))}`);
  const fastify = Fastify({ logger: false });
  await fastify.register(app, { config: loadConfig({ LOG_LEVEL: 'silent', ...env }), connection: testConnection() });
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    base: `http://127.0.0.1:${port}`,
    app: fastify,
    db,
    async close() {
      await fastify.close();
      await db.close();
    },
  };
}

/**
 * Waits until the app's in-memory index has what was written behind its back (straight to the
 * database); its snapshot poll would bring it in within one interval.
 */
export async function caughtUp(server: WebServer): Promise<void> {
  await caughtUpApp(server.app, server.db);
}

/** A name that would run script if it were ever parsed as HTML. */
export const HOSTILE = '<img src=x onerror=alert(1)>';
export const HOSTILE_PROGRAM = '<script>alert("program")</script><b onmouseover=alert(2)>bold</b> & "quoted"';

/** Adds a partner and a program with hostile names to the sample region. */
export async function loadHostileBundle(db: GraphDb): Promise<void> {
  const result = await importBundle(db, {
    format: 'pathway-bundle',
    version: 1,
    partners: [{ id: 'hostile-partner', name: HOSTILE, kind: 'Employer', regionIds: ['tx-hidalgo'] }],
    programs: [
      {
        id: 'hostile-program',
        name: HOSTILE_PROGRAM,
        providerId: 'hostile-partner',
        awards: ['cred-cna'],
        requires: [['cred-hsd']],
        months: 1,
        cost: 100,
        regionIds: ['tx-hidalgo'],
      },
    ],
  });
  if (!result.ok) throw new Error(`the hostile bundle did not load: ${JSON.stringify(result.errors)}`);
}

/**
 * One browser-test file's app and browser: the real API on a free port with the sample region
 * (after `prepare`, e.g. a bundle of its own; `env` for its config, e.g. API_KEYS), a Chromium,
 * both closed after the file. Call at module level of a test file; `server` and `browser` are
 * set once its beforeAll has run.
 */
export function useWebApp(prepare?: (server: WebServer) => Promise<void>, env: NodeJS.ProcessEnv = {}) {
  const web = {
    server: undefined as unknown as WebServer,
    browser: undefined as unknown as Browser,
    /** A new page at `path`, with the console errors and failed requests it sees. */
    async open(path: string) {
      const page = await web.browser.context.newPage();
      const watched = watch(page);
      await page.goto(`${web.server.base}${path}`);
      return { page, ...watched };
    },
    async expectAxeClean(page: Page, scope?: Parameters<typeof axe>[1]) {
      const violations = await axe(page, scope);
      expect(violations, describeViolations(violations)).toEqual([]);
    },
    shot: (page: Page, name: string, fullPage = false) =>
      page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage }),
    /** A GraphQL query straight to the app (no browser): its `data`. */
    async gql(query: string, variables: Record<string, unknown> = {}) {
      const response = await web.server.app.inject({ method: 'POST', url: '/graphql', payload: { query, variables } });
      return response.json().data;
    },
  };
  beforeAll(async () => {
    web.server = await startWebServer(env);
    if (prepare) {
      await prepare(web.server);
      // A bundle written behind the app's back: wait for its in-memory index to have it.
      await caughtUp(web.server);
    }
    web.browser = await launchBrowser();
  });
  afterAll(async () => {
    await web.browser?.close();
    await web.server?.close();
  });
  return web;
}
