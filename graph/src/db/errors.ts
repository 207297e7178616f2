/** Domain errors: Neo4j's error codes are translated here, once. */
import { isRetryableError, Neo4jError } from 'neo4j-driver';

export class GraphUnavailableError extends Error {
  override readonly name: string = 'GraphUnavailableError';
}

/**
 * The connection died after the transaction's work was done, while it was being committed:
 * the server may or may not have committed it.
 */
export class GraphCommitUnknownError extends GraphUnavailableError {
  override readonly name = 'GraphCommitUnknownError';
}

/**
 * Every connection of the driver's pool was busy for the whole acquisition timeout: the
 * database answers, but this process asks more of it at once than its pool holds. Nothing of
 * the refused work ran, so trying again shortly is safe.
 */
export class GraphBusyError extends GraphUnavailableError {
  override readonly name = 'GraphBusyError';
}

/** The driver's own error for an exhausted pool carries no code, only this message (neo4j-driver-core pool.js). */
const POOL_EXHAUSTED = /^Connection acquisition timed out in \d+ ms/;

/** The server refused the work for lack of memory (e.g. one transaction too large). */
export class GraphCapacityError extends Error {
  override readonly name = 'GraphCapacityError';
}

export class GraphConstraintError extends Error {
  override readonly name = 'GraphConstraintError';
}

export function translateNeo4jError(error: unknown): unknown {
  if (!(error instanceof Neo4jError)) return error;
  if (error.code === 'Neo.TransientError.General.MemoryPoolOutOfMemoryError') {
    return new GraphCapacityError(
      `Neo4j ran out of transaction memory (raise the heap, or dbms.memory.transaction.total.max, or load in smaller bundles): ${error.message}`,
      { cause: error },
    );
  }
  if (POOL_EXHAUSTED.test(error.message)) {
    return new GraphBusyError(`the graph database is busy (every pooled connection is in use): ${error.message}`, {
      cause: error,
    });
  }
  if (error.code === 'ServiceUnavailable' || error.code === 'SessionExpired' || isRetryableError(error)) {
    return new GraphUnavailableError(`the graph database is unavailable: ${error.message}`, { cause: error });
  }
  if (error.code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new GraphConstraintError(error.message, { cause: error });
  }
  return error;
}
