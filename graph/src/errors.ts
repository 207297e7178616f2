/**
 * Errors a caller can act on. The API maps BadInputError to BAD_USER_INPUT, NotFoundError
 * to NOT_FOUND and WorkLimitError to WORK_LIMIT; anything else is an internal error.
 */
export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  readonly code = 'BAD_USER_INPUT';
  /** The argument path, e.g. `input.limit`. */
  readonly path: string;

  constructor(path: string, reason: string) {
    super(`${path}: ${reason}`);
    this.path = path;
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  readonly code = 'NOT_FOUND';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.path = path;
  }
}

/**
 * A request that would need more work or memory than the service allows (e.g. the gaps of
 * every region of a national graph at once). The message names the limit and how to narrow
 * the request; the API maps it to WORK_LIMIT.
 */
export class WorkLimitError extends Error {
  override readonly name = 'WorkLimitError';
  readonly code = 'WORK_LIMIT';
  /** The limit exceeded, e.g. `gaps.maxGapRecords`. */
  readonly limit: string;

  constructor(limit: string, message: string) {
    super(`${limit}: ${message}`);
    this.limit = limit;
  }
}
