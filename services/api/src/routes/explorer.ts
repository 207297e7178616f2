/**
 * GET /graphiql — GraphiQL, built by `npm run build` into web/dist (web/vite.graphiql.config.ts)
 * and served like the app's pages; plus the printed schema as text.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { webDistDir } from '../boot/web-build.ts';
import { printedSchema } from '../graphql/print-schema.ts';
import { pageRouteOptions } from '../plugins/app/security-headers.ts';

export interface ExplorerOptions {
  distDir?: string;
}

const explorer: FastifyPluginAsync<ExplorerOptions> = async (fastify, options) => {
  const dist = options.distDir ?? webDistDir;
  const schema = printedSchema();
  // Monaco's codicon font may be inlined as a data: URL.
  const page = pageRouteOptions({ 'font-src': ["'self'", 'data:'] });
  fastify.get('/graphiql', page, async (_request, reply) => {
    if (!existsSync(join(dist, 'graphiql.html'))) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('GraphiQL is not built yet: run `npm run build` (npm start builds it when missing).');
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('graphiql.html', dist, { cacheControl: false });
  });
  fastify.get('/graphiql/schema.graphql', async (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(schema),
  );
};

export default explorer;
