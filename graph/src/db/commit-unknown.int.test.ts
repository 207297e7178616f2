/**
 * What a write says when the connection dies under it. A TCP proxy between the driver and the
 * real Neo4j cuts the connection at a chosen moment: while the work runs (nothing was written:
 * GraphUnavailableError), or when the driver sends the commit, before the server has it or after
 * (GraphCommitUnknownError both times: the client cannot tell them apart, and the server shows that
 * either can be the truth).
 */
import { once } from 'node:events';
import { createServer, type Server, Socket } from 'node:net';
import neo4j from 'neo4j-driver';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testConnection, testDb } from '../../test/neo4j.ts';
import { GraphCommitUnknownError, GraphUnavailableError } from './errors.ts';
import { GraphDb } from './graph-db.ts';

type Cut = 'none' | 'drop-next' | 'forward-then-cut';

/** Forwards Bolt between the driver and Neo4j; on the client's next bytes after `arm`, cuts. */
class CuttingProxy {
  private server: Server;
  private sockets = new Set<Socket>();
  private cut: Cut = 'none';
  /** Once cut, new connections are closed at once, so the driver's retries fail too. */
  private refusing = false;
  port = 0;

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  async listen(): Promise<void> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** The next bytes the driver sends (on any connection) are where the connection dies. */
  arm(cut: Exclude<Cut, 'none'>): void {
    this.cut = cut;
  }

  /** Back to forwarding everything (between tests). */
  reset(): void {
    this.cut = 'none';
    this.refusing = false;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.reset();
    this.server.close();
    await once(this.server, 'close');
  }

  private accept(client: Socket): void {
    if (this.refusing) {
      client.destroy();
      return;
    }
    const upstream = new Socket();
    this.sockets.add(client);
    this.sockets.add(upstream);
    upstream.connect(this.targetPort, this.host);
    // Set once the commit went on to the server: its answer (which nobody reads) ends the connection.
    let answered = false;
    upstream.on('data', (chunk) => {
      if (answered) upstream.destroy();
      else if (!client.destroyed) client.write(chunk);
    });
    client.on('data', (chunk) => {
      const cut = this.cut;
      if (cut === 'none') {
        upstream.write(chunk);
        return;
      }
      this.cut = 'none';
      this.refusing = true;
      // The server gets the commit and answers into the void, or never sees it. Neither end is
      // half-closed first: a server that saw its client leave might roll back instead.
      if (cut === 'forward-then-cut') {
        answered = true;
        upstream.write(chunk);
      } else upstream.destroy();
      client.destroy();
    });
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => {
      if (!answered) upstream.destroy();
    });
  }
}

describe('a write whose connection is lost', () => {
  const connection = testConnection();
  const direct = testDb();
  const url = new URL(connection.uri);
  const proxy = new CuttingProxy(url.hostname, Number(url.port || 7687));
  let db: GraphDb;

  beforeAll(async () => {
    await proxy.listen();
    // One pooled connection and short retries: the driver gives up quickly once the proxy refuses.
    db = new GraphDb(
      neo4j.driver(`bolt://127.0.0.1:${proxy.port}`, neo4j.auth.basic(connection.user, connection.password), {
        maxConnectionPoolSize: 1,
        maxTransactionRetryTime: 500,
        connectionTimeout: 2_000,
      }),
      connection.database,
    );
  });
  afterEach(() => proxy.reset());
  afterAll(async () => {
    await db.close();
    await proxy.close();
    await direct.autoCommit('test.cleanup', 'MATCH (n:CommitProbe) DELETE n');
    await direct.close();
  });

  const probes = async (id: string) =>
    direct.read('test.count', async (tx) => {
      const result = await tx.run('MATCH (n:CommitProbe {id: $id}) RETURN count(n) AS n', { id });
      return Number(result.records[0]?.get('n'));
    });

  /** Asks until the count is `expected` (the server finishes a forwarded commit on its own time). */
  async function eventuallyProbes(id: string, expected: number): Promise<number> {
    const deadline = Date.now() + 20_000;
    let count = await probes(id);
    while (count !== expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      count = await probes(id);
    }
    return count;
  }

  it('before its work is done: unavailable, not "unknown", and nothing was written', async () => {
    const id = 'lost-while-working';
    const error = await db
      .write('test.lost', async (tx) => {
        proxy.arm('drop-next');
        await tx.run('CREATE (:CommitProbe {id: $id})', { id });
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphUnavailableError);
    expect(error).not.toBeInstanceOf(GraphCommitUnknownError);
    expect(await probes(id)).toBe(0);
  });

  /** A write of one probe whose connection is cut, as `cut` says, when the driver sends its commit. */
  const cutAtCommit = (id: string, cut: 'drop-next' | 'forward-then-cut') =>
    db
      .write('test.lost', async (tx) => {
        await tx.run('CREATE (:CommitProbe {id: $id})', { id });
        proxy.arm(cut);
      })
      .catch((e: unknown) => e);

  it('while committing, the commit never reaching the server: unknown (and in truth not written)', async () => {
    const id = 'lost-before-commit';
    const error = await cutAtCommit(id, 'drop-next');
    expect(error).toBeInstanceOf(GraphCommitUnknownError);
    expect((error as Error).message).toMatch(/lost while a transaction was committing/);
    expect(await probes(id)).toBe(0);
  });

  it('while committing, the commit reaching the server: the same unknown (and in truth written)', async () => {
    const id = 'lost-after-commit';
    const error = await cutAtCommit(id, 'forward-then-cut');
    expect(error).toBeInstanceOf(GraphCommitUnknownError);
    expect(await eventuallyProbes(id, 1)).toBe(1);
  });

  it('works again through the same proxy once the connection is back', async () => {
    const id = 'after-the-cut';
    await db.write('test.ok', async (tx) => {
      await tx.run('CREATE (:CommitProbe {id: $id})', { id });
    });
    expect(await probes(id)).toBe(1);
  });
});
