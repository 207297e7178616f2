/**
 * /graphiql: GraphiQL (the `graphiql` package, with React) over this server's /graphql, bundled
 * by vite.graphiql.config.ts into web/dist — no CDN, no inline script. Monaco's workers come
 * from graphiql's Vite worker setup and are served from /assets like every chunk.
 */
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './graphiql.css';
import { GraphiQL } from 'graphiql';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const DEFAULT_QUERY = `# Pathway Graph (docs/contract.md, section 3)
# Ctrl+Enter runs the query.
{
  about {
    version
    neo4jVersion
  }
}
`;

type Params = { query: string; variables?: unknown; operationName?: string | null };

/** Same-origin POSTs to /graphql; errors come back as GraphQL errors, which GraphiQL shows. */
async function fetcher(params: Params): Promise<unknown> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

/**
 * The schema from the server's printed SDL: GraphiQL's introspection query nests deeper than
 * the query depth limit (12) that every other query keeps to.
 */
async function loadSchema(): Promise<GraphQLSchema | undefined> {
  try {
    const response = await fetch('/graphiql/schema.graphql');
    return response.ok ? buildSchema(await response.text()) : undefined;
  } catch {
    return undefined;
  }
}

const container = document.getElementById('graphiql') as HTMLElement;
const schema = await loadSchema();
// Our name in the corner, in place of GraphiQL's link to its repository.
const logo = createElement(GraphiQL.Logo, null, createElement('span', { className: 'pathway-logo' }, 'Pathway Graph'));
createRoot(container).render(createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, schema }, logo));
