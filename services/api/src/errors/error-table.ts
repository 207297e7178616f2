/**
 * The one table from an error to what a client sees: HTTP status, the code (REST
 * `error.code` and GraphQL `extensions.code` alike), the message, the details and a retry
 * hint. Fastify's error handler (app.ts) and Mercurius' errorFormatter (plugins/app/graphql.ts)
 * both ask `describeError`, so a REST route and a resolver throwing the same error answer
 * the same way. Anything the table does not know is an opaque INTERNAL_SERVER_ERROR: its
 * message may carry internals (Cypher, hosts), so it is logged, never sent.
 */
import {
  GraphCapacityError,
  GraphCommitUnknownError,
  GraphConstraintError,
  GraphUnavailableError,
} from '@pathway/graph/db/errors';
import { BadInputError, NotFoundError } from '@pathway/graph/errors';
import { InputError } from '@pathway/graph/import/read-input';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { BundleValidationError, type ErrorDetail, ForbiddenError, UnauthorizedError } from './api-errors.ts';

export interface ErrorVerdict {
  status: number;
  code: string;
  message: string;
  details?: ErrorDetail[];
  /** Seconds a client should wait before trying again (the `Retry-After` header). */
  retryAfter?: number;
  /** Extra response headers (`WWW-Authenticate`). */
  headers?: Record<string, string>;
  /** How loudly the server logs it: internal faults as errors, an unreachable graph as a warning. */
  log?: 'error' | 'warn';
}

/** The REST error body, the same on every route. */
export interface RestErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

/** How long a client waits for a graph that is restarting or unreachable. */
export const UNAVAILABLE_RETRY_SECONDS = 5;
/** A transaction that ran out of memory: the server needs longer to free it. */
export const CAPACITY_RETRY_SECONDS = 30;

export const UNAVAILABLE_MESSAGE = 'the graph database is unavailable; try again shortly';
/** A write whose connection died while it was committing: "try again" alone would hide that it may be in. */
export const COMMIT_UNKNOWN_MESSAGE =
  'the connection to the graph database was lost while the write was being committed, so whether it was written is unknown: GET /api/writes shows the writes that were, and sending the same bundle again is safe (what is already written is left as it is)';
const INTERNAL_MESSAGE = 'internal error';

/** Names of the client statuses Fastify and its plugins answer themselves. */
const CLIENT_STATUS_CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
};

type Shaped = Error & { code?: unknown; statusCode?: unknown };

function zodPath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : 'input';
}

export function describeError(error: unknown): ErrorVerdict {
  const e = (error instanceof Error ? error : new Error(String(error))) as Shaped;
  // Matched by code as well as by class: a copy of graph/ loaded twice (or a newer error
  // class with the same code) still answers the same.
  if (e instanceof BadInputError || e.code === 'BAD_USER_INPUT') {
    // A what-if's fragment is refused as an import is: every problem with its path.
    const details = (e as { details?: unknown }).details;
    return {
      status: 400,
      code: 'BAD_USER_INPUT',
      message: e.message,
      ...(Array.isArray(details) && details.length > 0 ? { details: details as ErrorDetail[] } : {}),
    };
  }
  if (e instanceof NotFoundError || e.code === 'NOT_FOUND') {
    return { status: 404, code: 'NOT_FOUND', message: e.message };
  }
  if (e.code === 'WORK_LIMIT') {
    // The question needs more work than one request may do: a narrower one gets an answer,
    // the same one again never does, so no retry hint.
    return { status: 422, code: 'WORK_LIMIT', message: e.message };
  }
  if (e instanceof BundleValidationError) {
    return { status: 400, code: 'BAD_USER_INPUT', message: e.message, details: e.details };
  }
  if (e instanceof InputError) return { status: 400, code: 'BAD_USER_INPUT', message: e.message };
  if (e instanceof ZodError) {
    const details = e.issues.map((issue) => ({ path: zodPath(issue.path), message: issue.message }));
    return {
      status: 400,
      code: 'BAD_USER_INPUT',
      message: details.map((d) => `${d.path}: ${d.message}`).join('; '),
      details,
    };
  }
  if (e instanceof UnauthorizedError) {
    return { status: 401, code: 'UNAUTHENTICATED', message: e.message, headers: { 'www-authenticate': 'Bearer' } };
  }
  if (e instanceof ForbiddenError) {
    return {
      status: 403,
      code: 'FORBIDDEN',
      message: e.message,
      ...(e.details.length ? { details: e.details } : {}),
    };
  }
  if (e instanceof GraphUnavailableError) {
    return {
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: e instanceof GraphCommitUnknownError ? COMMIT_UNKNOWN_MESSAGE : UNAVAILABLE_MESSAGE,
      retryAfter: UNAVAILABLE_RETRY_SECONDS,
      log: 'warn',
    };
  }
  if (e instanceof GraphCapacityError) {
    // Its message says what to change (heap, transaction memory, smaller bundles).
    return {
      status: 503,
      code: 'GRAPH_CAPACITY',
      message: e.message,
      retryAfter: CAPACITY_RETRY_SECONDS,
      log: 'warn',
    };
  }
  if (e instanceof GraphConstraintError) {
    return {
      status: 409,
      code: 'CONFLICT',
      message: 'the write broke a uniqueness rule of the graph; nothing was written',
      log: 'warn',
    };
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    // Fastify's own client errors (body too large, bad media type, bad JSON) and plugins'
    // (rate limit): their status and message are meant for the client.
    return { status, code: CLIENT_STATUS_CODES[status] ?? 'BAD_REQUEST', message: e.message };
  }
  if (status === 503) {
    return {
      status,
      code: 'SERVICE_UNAVAILABLE',
      message: 'the service is unavailable; try again shortly',
      log: 'warn',
    };
  }
  return { status: 500, code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE, log: 'error' };
}

export function restErrorBody(verdict: Pick<ErrorVerdict, 'code' | 'message' | 'details'>): RestErrorBody {
  return {
    error: {
      code: verdict.code,
      message: verdict.message,
      ...(verdict.details?.length ? { details: verdict.details } : {}),
    },
  };
}

/** Sends a verdict as a REST answer: status, headers, retry hint and the one body shape. */
export function sendError(reply: FastifyReply, verdict: ErrorVerdict): FastifyReply {
  for (const [name, value] of Object.entries(verdict.headers ?? {})) reply.header(name, value);
  // A plugin that answered first (rate-limit, under-pressure) may have set its own hint.
  if (verdict.retryAfter !== undefined && !reply.hasHeader('retry-after')) {
    reply.header('retry-after', String(verdict.retryAfter));
  }
  return reply.code(verdict.status).send(restErrorBody(verdict));
}

/** Fastify's error handler: logs what the table says to, answers with the common body. */
export function replyWithError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const verdict = describeError(error);
  if (verdict.log === 'error') request.log.error({ err: error }, 'request failed');
  else if (verdict.log === 'warn') request.log.warn({ err: (error as Error).message }, verdict.message);
  return sendError(reply, verdict);
}
