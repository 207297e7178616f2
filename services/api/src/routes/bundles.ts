/**
 * POST /api/bundles        load a bundle (same rules as `npm run import`); needs a write key
 * GET  /api/bundles/export the whole graph as a bundle
 * GET  /api/writes         the write log (needs a key; a partner key sees its own writes)
 */

import { bundleToCtdl } from '@pathway/graph/ctdl/index';
import { exportBundle } from '@pathway/graph/import/export';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { fromJson, InputError } from '@pathway/graph/import/read-input';
import { partnerScope } from '@pathway/graph/import/scope';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const querySchema = z.strictObject({ replace: z.enum(['true', 'false']).optional() });

const bundles: FastifyPluginAsync = async (fastify) => {
  fastify.post('/api/bundles', { bodyLimit: fastify.config.BUNDLE_BODY_LIMIT }, async (request, reply) => {
    const key = fastify.requireWriteKey(request, reply);
    if (!key) return reply;
    const query = querySchema.safeParse(request.query);
    if (!query.success) {
      return reply.code(400).send({ error: 'bad request', message: 'query parameter replace must be true or false' });
    }
    const replace = query.data.replace === 'true';
    if (replace && key.scope.kind !== 'admin') {
      return reply.code(403).send({
        error: 'forbidden',
        message: 'replacing the whole graph needs an admin key; nothing was written',
        errors: [{ path: '(bundle)', message: 'replace needs an admin key' }],
      });
    }
    const scope = key.scope.kind === 'admin' ? 'admin' : `partner=${key.scope.partnerId}`;
    // A pathway bundle, or a CTDL JSON-LD document converted to one.
    let input: ReturnType<typeof fromJson>;
    try {
      input = fromJson(request.body, 'request body');
    } catch (error) {
      if (error instanceof InputError) return reply.code(400).send({ error: 'invalid bundle', message: error.message });
      throw error;
    }
    const result = await importBundle(fastify.graph, input.raw, {
      replace,
      writer: { keyName: key.name, scope },
      authorize: key.scope.kind === 'partner' ? partnerScope(key.scope.partnerId, replace) : undefined,
    });
    if (!result.ok) {
      const status = result.reason === 'forbidden' ? 403 : 400;
      return reply.code(status).send({
        error: result.reason === 'forbidden' ? 'forbidden' : 'invalid bundle',
        message: `${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}; nothing was written`,
        errors: result.errors,
      });
    }
    request.log.info({ key: key.name, counts: result.summary.counts }, 'bundle loaded');
    return { ...result.summary, format: input.format, notes: input.notes };
  });

  fastify.get('/api/bundles/export', async (request, reply) => {
    const { format } = (request.query ?? {}) as { format?: string };
    if (format !== undefined && format !== 'bundle' && format !== 'ctdl') {
      return reply.code(400).send({ error: 'bad request', message: 'format must be bundle or ctdl' });
    }
    const bundle = await exportBundle(fastify.graph);
    if (format === 'ctdl') {
      return reply
        .header('content-disposition', 'attachment; filename="pathway-graph.ctdl.jsonld"')
        .type('application/ld+json')
        .send(bundleToCtdl(bundle));
    }
    return reply.header('content-disposition', 'attachment; filename="pathway-graph.bundle.json"').send(bundle);
  });

  fastify.get('/api/writes', async (request, reply) => {
    const key = fastify.requireWriteKey(request, reply);
    if (!key) return reply;
    const scope = key.scope.kind === 'admin' ? null : `partner=${key.scope.partnerId}`;
    const rows = await fastify.graph.read('writes.list', async (tx) => {
      const result = await tx.run(
        `MATCH (w:WriteLog) WHERE $scope IS NULL OR w.scope = $scope
         RETURN w.id AS id, toString(w.at) AS at, w.keyName AS keyName, w.scope AS scope, w.replace AS replace,
                w.counts AS counts, w.graphVersion AS graphVersion
         ORDER BY w.at DESC LIMIT 200`,
        { scope },
      );
      return result.records.map((r) => ({
        id: r.get('id'),
        at: r.get('at'),
        keyName: r.get('keyName'),
        scope: r.get('scope'),
        replace: r.get('replace'),
        counts: JSON.parse(r.get('counts') as string),
        graphVersion: Number(r.get('graphVersion')),
      }));
    });
    return { writes: rows };
  });
};

export default bundles;
