import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { testConnection } from '../../test/neo4j.ts';
import { GraphBusyError, GraphUnavailableError } from './errors.ts';
import { GraphDb } from './graph-db.ts';

describe('an exhausted connection pool', () => {
  const connection = testConnection();
  // One connection and a short wait for it: the second transaction cannot get one while the first holds it.
  const db = new GraphDb(
    neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
      maxConnectionPoolSize: 1,
      connectionAcquisitionTimeout: 300,
    }),
    connection.database,
  );
  afterAll(() => db.close());

  it('is a GraphBusyError (a kind of unavailable, so 503 with a retry hint), and the held work still commits', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let acquired = () => {};
    const holding = new Promise<void>((resolve) => {
      acquired = resolve;
    });
    const outer = db.read('test.hold', async (tx) => {
      const result = await tx.run('RETURN 1 AS one');
      acquired();
      await held;
      return result.records[0]?.get('one');
    });
    await holding;
    const refused = await db.read('test.second', (tx) => tx.run('RETURN 2')).catch((error: unknown) => error);
    release();
    expect(refused).toBeInstanceOf(GraphBusyError);
    expect(refused).toBeInstanceOf(GraphUnavailableError);
    expect((refused as Error).message).toMatch(/busy .*Connection acquisition timed out in 300 ms/);
    expect(Number(await outer)).toBe(1);
  });
});
