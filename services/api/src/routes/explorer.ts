/** GET /graphiql — a self-hosted GraphQL explorer, plus the printed schema it shows. */
import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { printedSchema } from '../graphql/print-schema.ts';

const file = (name: string) => readFileSync(new URL(`../explorer/${name}`, import.meta.url), 'utf8');

const explorer: FastifyPluginAsync = async (fastify) => {
  const assets = {
    'explorer.js': { type: 'text/javascript; charset=utf-8', body: file('explorer.js') },
    'explorer.css': { type: 'text/css; charset=utf-8', body: file('explorer.css') },
    'schema.graphql': { type: 'text/plain; charset=utf-8', body: printedSchema() },
  } as const;
  const html = file('explorer.html');
  fastify.get('/graphiql', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  fastify.get<{ Params: { name: string } }>('/graphiql/:name', async (request, reply) => {
    const asset = assets[request.params.name as keyof typeof assets];
    if (!asset) return reply.code(404).send({ error: 'not found' });
    return reply.type(asset.type).send(asset.body);
  });
};

export default explorer;
