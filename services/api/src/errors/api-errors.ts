/**
 * Errors the HTTP layer raises itself (keys, scopes, bundles refused as a whole). The engines'
 * errors live in graph/src/errors.ts and graph/src/db/errors.ts; error-table.ts maps both.
 */

/** One problem of a refused request, at its JSON path (`programs[0].months`). */
export interface ErrorDetail {
  path: string;
  message: string;
  /** For a CSV upload, whose `path` is `file:row:column`: the bundle JSON path of the same place. */
  bundlePath?: string;
}

/** No key, or a key this service does not know: 401 with `WWW-Authenticate: Bearer`. */
export class UnauthorizedError extends Error {
  override readonly name = 'UnauthorizedError';
}

/** A known key outside its scope: 403, each offending path in `details`. */
export class ForbiddenError extends Error {
  override readonly name = 'ForbiddenError';
  constructor(
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

/** A bundle that does not validate: 400 with every issue and its path; nothing was written. */
export class BundleValidationError extends Error {
  override readonly name = 'BundleValidationError';
  constructor(readonly details: ErrorDetail[]) {
    super(`${details.length} problem${details.length === 1 ? '' : 's'}; nothing was written`);
  }
}
