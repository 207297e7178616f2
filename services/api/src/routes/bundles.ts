/**
 * POST /api/bundles        load a bundle (same rules as `npm run import`); needs a write key
 * GET  /api/bundles/export the whole graph as a bundle
 * GET  /api/writes         the write log (needs a key; a partner key sees its own writes)
 */

import { bundleToCtdl } from '@pathway/graph/ctdl/index';
import { listWrites } from '@pathway/graph/db/queries/write-log.queries';
import { BadInputError } from '@pathway/graph/errors';
import { exportBundle } from '@pathway/graph/import/export';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { fromJson } from '@pathway/graph/import/read-input';
import { partnerScope } from '@pathway/graph/import/scope';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BundleValidationError, ForbiddenError } from '../errors/api-errors.ts';

const querySchema = z.strictObject({ replace: z.enum(['true', 'false']).optional() });

// Every refusal is thrown: app.ts answers it from the one error table (errors/error-table.ts).
const bundles: FastifyPluginAsync = async (fastify) => {
  fastify.post('/api/bundles', { bodyLimit: fastify.config.BUNDLE_BODY_LIMIT }, async (request) => {
    const key = fastify.requireWriteKey(request);
    const query = querySchema.safeParse(request.query);
    if (!query.success) throw new BadInputError('replace', 'must be true or false');
    const replace = query.data.replace === 'true';
    if (replace && key.scope.kind !== 'admin') {
      throw new ForbiddenError('replacing the whole graph needs an admin key; nothing was written', [
        { path: '(bundle)', message: 'replace needs an admin key' },
      ]);
    }
    const scope = key.scope.kind === 'admin' ? 'admin' : `partner=${key.scope.partnerId}`;
    // A pathway bundle, or a CTDL JSON-LD document converted to one.
    const input = fromJson(request.body, 'request body');
    const result = await importBundle(fastify.graph, input.raw, {
      replace,
      writer: { keyName: key.name, scope },
      authorize: key.scope.kind === 'partner' ? partnerScope(key.scope.partnerId, replace) : undefined,
    });
    if (!result.ok) {
      const refused = new BundleValidationError(result.errors);
      if (result.reason === 'forbidden') throw new ForbiddenError(refused.message, result.errors);
      throw refused;
    }
    request.log.info({ key: key.name, counts: result.summary.counts }, 'bundle loaded');
    // Read-your-writes: the in-memory index has this write before the answer goes out. The write
    // is committed whatever happens here; a failed update is retried by the snapshot poll.
    if (result.summary.changed) {
      await fastify.snapshots.sync().catch((error) => request.log.warn({ err: error }, 'snapshot update failed'));
    }
    return { ...result.summary, format: input.format, notes: input.notes };
  });

  fastify.get('/api/bundles/export', async (request, reply) => {
    const { format } = (request.query ?? {}) as { format?: string };
    if (format !== undefined && format !== 'bundle' && format !== 'ctdl') {
      throw new BadInputError('format', 'must be bundle or ctdl');
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

  fastify.get('/api/writes', async (request) => {
    const key = fastify.requireWriteKey(request);
    const scope = key.scope.kind === 'admin' ? null : `partner=${key.scope.partnerId}`;
    const rows = await listWrites(fastify.graph, scope);
    return { writes: rows };
  });
};

export default bundles;
