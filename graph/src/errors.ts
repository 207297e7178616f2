/**
 * Errors a caller can act on. The API maps BadInputError to BAD_USER_INPUT and NotFoundError
 * to NOT_FOUND; anything else is an internal error.
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
