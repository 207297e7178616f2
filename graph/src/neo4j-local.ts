/**
 * Controls the project's own Neo4j: the GPL launcher in graph/neo4j-local/, run as a
 * separate Java process with Bolt on 127.0.0.1. This module only builds it with Maven,
 * starts and stops the process, and talks to it over Bolt.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import neo4j from 'neo4j-driver';
import { repoRoot } from './paths.ts';

export const REPO_ROOT = repoRoot;
const LAUNCHER_DIR = join(REPO_ROOT, 'graph', 'neo4j-local');
const LAUNCHER_SOURCES = [
  join(LAUNCHER_DIR, 'pom.xml'),
  join(LAUNCHER_DIR, 'src', 'main', 'java', 'org', 'pathwaygraph', 'neo4jlocal', 'LocalNeo4j.java'),
];
const MAIN_CLASS = 'org.pathwaygraph.neo4jlocal.LocalNeo4j';

export interface LocalNeo4jOptions {
  /** Folder for the store, password, pid and log; default `.data/neo4j` (env NEO4J_LOCAL_DATA). */
  dataDir?: string;
  /** Bolt port on 127.0.0.1; default 7687 (env NEO4J_LOCAL_PORT). */
  port?: number;
  /** JVM heap, e.g. `1g` (env NEO4J_LOCAL_HEAP). */
  heap?: string;
  /** Page cache, e.g. `512m` (env NEO4J_LOCAL_PAGECACHE). */
  pageCache?: string;
  /** Password of the `neo4j` user; default generated once and kept in the data folder (env NEO4J_LOCAL_PASSWORD). */
  password?: string;
  /** How long to wait for Bolt to answer, in ms. */
  timeoutMs?: number;
  /** Progress messages (never the password). */
  log?: (message: string) => void;
  /** Maven's build folder for the launcher; default `graph/neo4j-local/target` (env NEO4J_LOCAL_BUILD_DIR). */
  buildDir?: string;
}

export interface LocalNeo4jInfo {
  uri: string;
  user: string;
  password: string;
  port: number;
  pid: number;
  /** true when this call started the process, false when it was already running. */
  started: boolean;
  logFile: string;
  dataDir: string;
}

interface Resolved {
  dataDir: string;
  port: number;
  heap: string;
  pageCache: string;
  passwordOverride: string | undefined;
  timeoutMs: number;
  log: (message: string) => void;
  pidFile: string;
  passwordFile: string;
  logFile: string;
  storeDir: string;
  buildDir: string;
}

const SIZE = /^\d+[kmgKMG]?$/;

function resolveOptions(options: LocalNeo4jOptions = {}): Resolved {
  const env = process.env;
  const dataDir = resolve(options.dataDir ?? env.NEO4J_LOCAL_DATA ?? join(REPO_ROOT, '.data', 'neo4j'));
  const port = options.port ?? Number(env.NEO4J_LOCAL_PORT ?? 7687);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`NEO4J_LOCAL_PORT must be a port number (1-65535), got "${port}"`);
  }
  const heap = options.heap ?? env.NEO4J_LOCAL_HEAP ?? '2g';
  const pageCache = options.pageCache ?? env.NEO4J_LOCAL_PAGECACHE ?? '1g';
  for (const [name, value] of [
    ['NEO4J_LOCAL_HEAP', heap],
    ['NEO4J_LOCAL_PAGECACHE', pageCache],
  ] as const) {
    if (!SIZE.test(value)) throw new Error(`${name} must be a size such as 512m or 2g, got "${value}"`);
  }
  return {
    dataDir,
    port,
    heap,
    pageCache,
    passwordOverride: options.password ?? (env.NEO4J_LOCAL_PASSWORD || undefined),
    timeoutMs: options.timeoutMs ?? 180_000,
    log: options.log ?? ((message) => process.stderr.write(`neo4j-local: ${message}\n`)),
    pidFile: join(dataDir, 'neo4j.pid'),
    passwordFile: join(dataDir, 'password'),
    logFile: join(dataDir, 'neo4j.log'),
    storeDir: join(dataDir, 'store'),
    buildDir: resolve(options.buildDir ?? env.NEO4J_LOCAL_BUILD_DIR ?? join(LAUNCHER_DIR, 'target')),
  };
}

const launcherJar = (buildDir: string) => join(buildDir, 'neo4j-local-1.0.0.jar');
const launcherLib = (buildDir: string) => join(buildDir, 'lib');

function newestMtime(paths: string[]): number {
  return Math.max(...paths.map((p) => statSync(p).mtimeMs));
}

function launcherIsBuilt(buildDir: string): boolean {
  const jar = launcherJar(buildDir);
  const lib = launcherLib(buildDir);
  if (!existsSync(jar) || !existsSync(lib)) return false;
  if (!readdirSync(lib).some((f) => f.startsWith('neo4j-kernel'))) return false;
  return statSync(jar).mtimeMs >= newestMtime(LAUNCHER_SOURCES);
}

/**
 * Builds the launcher with Maven (downloading Neo4j from Maven Central) unless it is current.
 * Maven's output goes to the data folder's log, never to stdout: `neo4j:start` prints only
 * `export` lines there, and Maven writes colour resets to its stdout even in quiet batch mode.
 */
export function installLocalNeo4j(options: Pick<LocalNeo4jOptions, 'log' | 'buildDir' | 'dataDir'> = {}): void {
  const r = resolveOptions(options);
  if (launcherIsBuilt(r.buildDir)) return;
  r.log(
    `building the Neo4j launcher with Maven (the first run downloads Neo4j 5.26 from Maven Central; output in ${r.logFile})…`,
  );
  mkdirSync(dirname(r.logFile), { recursive: true });
  const logOffset = existsSync(r.logFile) ? statSync(r.logFile).size : 0;
  const logFd = openSync(r.logFile, 'a');
  let result: ReturnType<typeof spawnSync>;
  try {
    result = spawnSync(
      'mvn',
      [
        '-B',
        '-q',
        '--no-transfer-progress',
        '-Dstyle.color=never',
        `-Dlauncher.build.directory=${r.buildDir}`,
        '-f',
        join(LAUNCHER_DIR, 'pom.xml'),
        'package',
      ],
      { stdio: ['ignore', logFd, logFd] },
    );
  } finally {
    closeSync(logFd);
  }
  if (result.error) {
    throw new Error(
      `cannot run Maven (${result.error.message}). The local Neo4j needs Java 17+ and Maven; or set NEO4J_URI to any Neo4j 5.`,
    );
  }
  if (result.status !== 0) {
    const output = readFileSync(r.logFile, 'utf8').slice(logOffset).split('\n').slice(-25).join('\n');
    throw new Error(`Maven failed to build graph/neo4j-local (exit ${result.status}); its output:\n${output}`);
  }
}

function processIsOurs(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync('/proc/self/cmdline')) {
    try {
      return readFileSync(cmdline, 'utf8').includes(MAIN_CLASS);
    } catch {
      return false;
    }
  }
  return true;
}

/** The pid of the running launcher for this data folder, removing a stale pid file. */
function runningPid(r: Resolved): number | undefined {
  if (!existsSync(r.pidFile)) return undefined;
  const pid = Number(readFileSync(r.pidFile, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && processIsOurs(pid)) return pid;
  r.log(`removing stale pid file (process ${Number.isNaN(pid) ? '?' : pid} is not running)`);
  rmSync(r.pidFile, { force: true });
  return undefined;
}

function readOrCreatePassword(r: Resolved): string {
  if (r.passwordOverride) return r.passwordOverride;
  if (existsSync(r.passwordFile)) {
    const saved = readFileSync(r.passwordFile, 'utf8').trim();
    if (saved.length >= 8) return saved;
  }
  const generated = randomBytes(18).toString('base64url');
  writeFileSync(r.passwordFile, `${generated}\n`, { mode: 0o600 });
  r.log(`generated a password for the local Neo4j (kept in ${r.passwordFile})`);
  return generated;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function tail(file: string, lines = 25): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

/** Waits until Bolt accepts the credentials and answers a query. */
export async function waitForBolt(
  uri: string,
  user: string,
  password: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`the Neo4j process exited before Bolt answered (${lastError})`);
    const driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
      connectionTimeout: 2_000,
      maxConnectionPoolSize: 1,
      logging: { level: 'error', logger: () => {} },
    });
    try {
      await driver.executeQuery('RETURN 1');
      return;
    } catch (error) {
      const e = error as { code?: string; message?: string };
      lastError = e.message ?? String(error);
      if (e.code === 'Neo.ClientError.Security.Unauthorized') {
        throw new Error(
          `Neo4j on ${uri} refused the credentials: it was started with another password (NEO4J_LOCAL_PASSWORD or the data folder's password file)`,
        );
      }
    } finally {
      await driver.close();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Neo4j on ${uri} did not answer within ${Math.round(timeoutMs / 1000)} s (${lastError})`);
}

async function waitForReadyLine(r: Resolved, offset: number, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + r.timeoutMs;
  while (Date.now() < deadline) {
    const text = readFileSync(r.logFile, 'utf8').slice(offset);
    if (text.includes(`READY ${r.port}`)) return;
    if (!isAlive()) throw new Error('the Neo4j process exited during start-up');
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error(`Neo4j did not finish starting within ${Math.round(r.timeoutMs / 1000)} s`);
}

function info(r: Resolved, password: string, pid: number, started: boolean): LocalNeo4jInfo {
  return {
    uri: `bolt://127.0.0.1:${r.port}`,
    user: 'neo4j',
    password,
    port: r.port,
    pid,
    started,
    logFile: r.logFile,
    dataDir: r.dataDir,
  };
}

/**
 * Starts the local Neo4j unless it already runs for this data folder, and waits until Bolt
 * answers. Idempotent: a second call only returns the connection details.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions = {}): Promise<LocalNeo4jInfo> {
  const r = resolveOptions(options);
  mkdirSync(r.dataDir, { recursive: true });
  const password = readOrCreatePassword(r);
  const uri = `bolt://127.0.0.1:${r.port}`;

  const existing = runningPid(r);
  if (existing !== undefined) {
    await waitForBolt(uri, 'neo4j', password, r.timeoutMs, () => processIsOurs(existing));
    return info(r, password, existing, false);
  }

  installLocalNeo4j({ log: r.log, buildDir: r.buildDir, dataDir: r.dataDir });
  if (await portAnswers(r.port)) {
    throw new Error(
      `port ${r.port} on 127.0.0.1 is already in use by another program; set NEO4J_LOCAL_PORT to a free port, or NEO4J_URI to use that server`,
    );
  }

  const logOffset = existsSync(r.logFile) ? statSync(r.logFile).size : 0;
  const logFd = openSync(r.logFile, 'a');
  const classpath = [launcherJar(r.buildDir), join(launcherLib(r.buildDir), '*')].join(
    process.platform === 'win32' ? ';' : ':',
  );
  const child = spawn(
    'java',
    [
      `-Xms${r.heap}`,
      `-Xmx${r.heap}`,
      '-XX:+UseG1GC',
      '-Dfile.encoding=UTF-8',
      '--add-opens=java.base/java.nio=ALL-UNNAMED',
      '--add-opens=java.base/java.io=ALL-UNNAMED',
      '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
      '--add-opens=java.base/java.lang=ALL-UNNAMED',
      '-cp',
      classpath,
      MAIN_CLASS,
    ],
    {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: {
        ...process.env,
        NEO4J_LOCAL_HOME: r.storeDir,
        NEO4J_LOCAL_PORT: String(r.port),
        NEO4J_LOCAL_PASSWORD: password,
        NEO4J_LOCAL_PAGECACHE: r.pageCache,
      },
    },
  );
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start java: is Java 17+ on the PATH?');
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  child.unref();
  try {
    writeFileSync(r.pidFile, `${pid}\n`, { flag: 'wx' });
  } catch {
    // Another caller started it at the same moment; ours will fail on the store lock and exit.
    process.kill(pid, 'SIGTERM');
    const other = runningPid(r);
    if (other === undefined) throw new Error('two starts raced and neither holds the pid file; try again');
    await waitForBolt(uri, 'neo4j', password, r.timeoutMs, () => processIsOurs(other));
    return info(r, password, other, false);
  }
  r.log(`starting Neo4j (pid ${pid}, Bolt ${uri}, heap ${r.heap}, page cache ${r.pageCache}, log ${r.logFile})`);
  try {
    // Until the launcher says READY it may still be applying the password.
    await waitForReadyLine(r, logOffset, () => !exited);
    await waitForBolt(uri, 'neo4j', password, r.timeoutMs, () => !exited);
  } catch (error) {
    rmSync(r.pidFile, { force: true });
    if (!exited) process.kill(pid, 'SIGTERM');
    throw new Error(`${(error as Error).message}\n--- last lines of ${r.logFile} ---\n${tail(r.logFile)}`);
  }
  return info(r, password, pid, true);
}

/** Stops the local Neo4j for this data folder; the store stays. Returns whether it was running. */
export async function stopLocalNeo4j(options: LocalNeo4jOptions = {}): Promise<boolean> {
  const r = resolveOptions(options);
  const pid = runningPid(r);
  if (pid === undefined) return false;
  r.log(`stopping Neo4j (pid ${pid})`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (processIsOurs(pid)) {
    if (Date.now() > deadline) {
      r.log('Neo4j did not stop within 60 s; killing it');
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((done) => setTimeout(done, 200));
  }
  rmSync(r.pidFile, { force: true });
  return true;
}

/** Connection details when the local Neo4j runs, without starting it. */
export function localNeo4jStatus(options: LocalNeo4jOptions = {}): LocalNeo4jInfo | undefined {
  const r = resolveOptions({ log: () => {}, ...options });
  const pid = runningPid(r);
  if (pid === undefined) return undefined;
  const password = r.passwordOverride ?? readFileSync(r.passwordFile, 'utf8').trim();
  return info(r, password, pid, false);
}

/** Shell lines for `eval "$(npm run -s neo4j:start)"`. */
export function exportLines(details: Pick<LocalNeo4jInfo, 'uri' | 'user' | 'password'>): string {
  const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;
  return [
    `export NEO4J_URI=${quote(details.uri)}`,
    `export NEO4J_USER=${quote(details.user)}`,
    `export NEO4J_PASSWORD=${quote(details.password)}`,
  ].join('\n');
}
