/**
 * A small GraphQL client over fetch: one POST per operation, errors with their `extensions.code`.
 * With a `signal` (a LatestRequest ticket's, lib/latest-request.ts), an aborted request never
 * resolves: it rejects with an AbortError however far it got, so a stale answer cannot be applied.
 */

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** Origin (and path prefix) of the API; '' for the page's own origin. */
  base?: string;
  signal?: AbortSignal;
}

export async function gql<T>(
  query: string,
  variables: Record<string, unknown> = {},
  options: ClientOptions = {},
): Promise<T> {
  options.signal?.throwIfAborted();
  let response: Response;
  try {
    response = await fetch(`${options.base ?? ''}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError('network error', 'NETWORK');
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await response.json();
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  }
  // The answer came in after the request was abandoned: drop it.
  options.signal?.throwIfAborted();
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'ERROR');
  if (!body.data) throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  return body.data;
}

interface Page<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Every page of one paginated list (`regions`, `programs`, …) with the given node selection. */
export async function listAll<N>(
  field: string,
  selection: string,
  variables: Record<string, unknown> = {},
  options: ClientOptions = {},
  varDefs = '',
): Promise<N[]> {
  const out: N[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const query = `query List($after: String${varDefs}) { page: ${field}(first: 500, after: $after) {
      edges { node { ${selection} } } pageInfo { hasNextPage endCursor } } }`;
    const data: { page: Page<N> } = await gql(query, { ...variables, after }, options);
    for (const edge of data.page.edges) out.push(edge.node);
    if (!data.page.pageInfo.hasNextPage) break;
    after = data.page.pageInfo.endCursor;
  }
  return out;
}
