/** Wraps the Neo4j driver: one GraphDb per app, connectivity checked at boot, closed on shutdown. */

import type { Neo4jConnection } from '@pathway/graph/db/connection';
import { GraphDb } from '@pathway/graph/db/graph-db';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    graph: GraphDb;
  }
}

export interface Neo4jPluginOptions {
  connection: Neo4jConnection;
  /** How long boot waits for the database to answer before giving up. */
  connectTimeoutMs?: number;
}

export default fp<Neo4jPluginOptions>(
  async (fastify, options) => {
    const db = GraphDb.connect(options.connection);
    const deadline = Date.now() + (options.connectTimeoutMs ?? 30_000);
    for (;;) {
      try {
        await db.driver.verifyConnectivity({ database: options.connection.database });
        break;
      } catch (error) {
        if (Date.now() > deadline) {
          await db.close();
          throw new Error(`cannot reach Neo4j at ${options.connection.uri}: ${(error as Error).message}`);
        }
        fastify.log.warn({ uri: options.connection.uri }, 'Neo4j not reachable yet; retrying');
        await new Promise((done) => setTimeout(done, 1_000));
      }
    }
    fastify.decorate('graph', db);
    fastify.addHook('onClose', async () => {
      await db.close();
    });
  },
  { name: 'neo4j' },
);
