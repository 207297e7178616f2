/**
 * The one place that opens driver sessions. Reads go through read transactions (so a
 * `neo4j://` routing URI sends them to followers), writes through write transactions;
 * sessions are always closed; every transaction carries metadata naming its purpose.
 */
import type { Driver, ManagedTransaction, QueryResult, RecordShape } from 'neo4j-driver';
import { createDriver, type Neo4jConnection } from './connection.ts';
import { GraphCommitUnknownError, GraphUnavailableError, translateNeo4jError } from './errors.ts';

export type Tx = ManagedTransaction;

export class GraphDb {
  readonly driver: Driver;
  readonly database: string | undefined;

  constructor(driver: Driver, database?: string) {
    this.driver = driver;
    this.database = database;
  }

  static connect(connection: Neo4jConnection): GraphDb {
    return new GraphDb(createDriver(connection), connection.database);
  }

  async read<T>(purpose: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'READ' });
    try {
      return await session.executeRead(work, { metadata: { app: 'pathway-graph', purpose } });
    } catch (error) {
      throw translateNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /**
   * A read transaction tried once, within `timeoutMs`: for background work that runs again soon
   * anyway (the snapshot poll), which must fail fast while the database is away rather than sit
   * in the driver's retry loop.
   */
  async readOnce<T>(purpose: string, work: (tx: Tx) => Promise<T>, timeoutMs = 10_000): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'READ' });
    let tx: ReturnType<typeof session.beginTransaction> | undefined;
    try {
      tx = session.beginTransaction({ metadata: { app: 'pathway-graph', purpose }, timeout: timeoutMs });
      const result = await work(tx as unknown as Tx);
      await tx.commit();
      return result;
    } catch (error) {
      if (tx?.isOpen()) await tx.rollback().catch(() => undefined);
      throw translateNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /**
   * A write transaction (retried by the driver on transient failures). Losing the server
   * before any attempt finished its work means nothing was written (GraphUnavailableError);
   * losing it once an attempt was committing leaves the outcome unknown (GraphCommitUnknownError).
   */
  async write<T>(purpose: string, work: (tx: Tx) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'WRITE' });
    let committing = false;
    try {
      return await session.executeWrite(
        async (tx) => {
          const result = await work(tx);
          committing = true;
          return result;
        },
        { metadata: { app: 'pathway-graph', purpose } },
      );
    } catch (error) {
      const translated = translateNeo4jError(error);
      if (committing && translated instanceof GraphUnavailableError) {
        throw new GraphCommitUnknownError(
          `the connection to the graph database was lost while a transaction was committing: ${translated.message}`,
          { cause: error },
        );
      }
      throw translated;
    } finally {
      await session.close();
    }
  }

  /**
   * An auto-commit statement: for schema statements (constraints, indexes cannot share a
   * transaction with data writes) and `CALL { … } IN TRANSACTIONS`.
   */
  async autoCommit(purpose: string, statement: string, params: Record<string, unknown> = {}): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'WRITE' });
    try {
      await session.run(statement, params, { metadata: { app: 'pathway-graph', purpose } });
    } catch (error) {
      throw translateNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  /** A cheap round trip that proves the database answers queries (for health checks). */
  async ping(timeoutMs = 2_000): Promise<void> {
    // Auto-commit, not executeRead: a health check must not sit in the driver's retry loop.
    const session = this.driver.session({ database: this.database, defaultAccessMode: 'READ' });
    try {
      await session.run('RETURN 1', {}, { timeout: timeoutMs });
    } catch (error) {
      throw translateNeo4jError(error);
    } finally {
      await session.close();
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }
}

export type { QueryResult, RecordShape };
