/**
 * POST /api/bundles        load a bundle (same rules as `npm run import`); needs a write key.
 *                          JSON, a zip of the CSV folder, or one CSV file with ?table= (bundle-upload.ts)
 * GET  /api/bundles/export the whole graph as a bundle (?format=ctdl, or csv: the CSV folder zipped)
 * GET  /api/writes         the write log (needs a key; a partner key sees its own writes)
 */

import { bundleToCsvZip } from '@pathway/graph/csv/csv-zip';
import { bundleToCtdl } from '@pathway/graph/ctdl/index';
import { listWrites } from '@pathway/graph/db/queries/write-log.queries';
import { BadInputError } from '@pathway/graph/errors';
import { exportBundle } from '@pathway/graph/import/export';
import { importBundle } from '@pathway/graph/import/import-bundle';
import { partnerScope } from '@pathway/graph/import/scope';
import { ownWriteDelta } from '@pathway/graph/snapshot/snapshot';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { BundleValidationError, ForbiddenError } from '../errors/api-errors.ts';
import { acceptCsvBodies, CSV_TABLES, readUpload } from './bundle-upload.ts';

const querySchema = z.strictObject({
  replace: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  table: z.enum(CSV_TABLES, { error: `must be one of ${CSV_TABLES.join(', ')}` }).optional(),
});

// Every refusal is thrown: app.ts answers it from the one error table (errors/error-table.ts).
const bundles: FastifyPluginAsync = async (fastify) => {
  acceptCsvBodies(fastify);
  fastify.post('/api/bundles', { bodyLimit: fastify.config.BUNDLE_BODY_LIMIT }, async (request, reply) => {
    const received = performance.now();
    const key = fastify.requireWriteKey(request);
    const query = querySchema.safeParse(request.query);
    if (!query.success) {
      const issue = query.error.issues[0];
      if (issue?.code === 'unrecognized_keys') {
        throw new BadInputError(
          'query',
          `unknown parameter ${issue.keys.join(', ')}; the parameters are replace, table`,
        );
      }
      throw new BadInputError(String(issue?.path[0] ?? 'query'), issue?.message ?? 'is not valid');
    }
    const replace = query.data.replace === 'true';
    if (replace && key.scope.kind !== 'admin') {
      throw new ForbiddenError('replacing the whole graph needs an admin key; nothing was written', [
        { path: '(bundle)', message: 'replace needs an admin key' },
      ]);
    }
    const scope = key.scope.kind === 'admin' ? 'admin' : `partner=${key.scope.partnerId}`;
    // A pathway bundle, a CTDL JSON-LD document converted to one, or CSV (zipped folder or one file).
    const upload = readUpload(request, {
      table: query.data.table,
      maxInflatedBytes: fastify.config.BUNDLE_BODY_LIMIT,
    });
    const { input } = upload;
    const importing = performance.now();
    const result = await importBundle(fastify.graph, input.raw, {
      replace,
      readIssues: input.issues,
      writer: { keyName: key.name, scope },
      authorize: key.scope.kind === 'partner' ? partnerScope(key.scope.partnerId, replace) : undefined,
    });
    if (!result.ok) {
      const details = upload.details(result.errors);
      const refused = new BundleValidationError(details);
      if (result.reason === 'forbidden') throw new ForbiddenError(refused.message, details);
      throw refused;
    }
    // When the write was committed (this server's clock): what it answers is visible to every
    // reader from then on, in Neo4j at once and in each service instance's index within a poll.
    const committedAt = new Date().toISOString();
    request.log.info({ key: key.name, counts: result.summary.counts }, 'bundle loaded');
    // Read-your-writes: the in-memory index has this write before the answer goes out. The write
    // is committed whatever happens here; a failed update is retried by the snapshot poll.
    const syncing = performance.now();
    const timing = [`read;dur=${(importing - received).toFixed(1)}`, `import;dur=${(syncing - importing).toFixed(1)}`];
    const { graphEpoch, ...summary } = result.summary;
    if (summary.changed) {
      // This write as loaded: the index takes it without reading it back when it is one version behind.
      const delta = ownWriteDelta(result.bundle, summary.changes);
      const own =
        delta && graphEpoch !== undefined ? { version: summary.graphVersion, epoch: graphEpoch, delta } : undefined;
      const snapshot = await fastify.snapshots
        .sync(own)
        .catch((error) => request.log.warn({ err: error }, 'snapshot update failed'));
      timing.push(`sync;dur=${(performance.now() - syncing).toFixed(1)}`);
      // The update that took this write in, in its parts (what docs/snapshots.md's figures are made of).
      if (snapshot?.kind === 'delta' && snapshot.version >= summary.graphVersion) {
        timing.push(`sync-${snapshot.from === 'own' ? 'own' : 'read'};dur=${(snapshot.readMs ?? 0).toFixed(1)}`);
        for (const [step, ms] of Object.entries(snapshot.applySteps ?? {}))
          timing.push(`apply-${step};dur=${ms.toFixed(1)}`);
        timing.push(`apply-cpu;dur=${(snapshot.applyCpuMs ?? 0).toFixed(1)}`);
      }
    }
    // How long each part of the write took (Server-Timing: browsers' dev tools and the scale benchmark read it).
    reply.header('server-timing', timing.join(', '));
    return { ...summary, format: input.format, notes: input.notes, committedAt };
  });

  fastify.get('/api/bundles/export', async (request, reply) => {
    const { format } = (request.query ?? {}) as { format?: string };
    if (format !== undefined && format !== 'bundle' && format !== 'ctdl' && format !== 'csv') {
      throw new BadInputError('format', 'must be bundle, ctdl or csv');
    }
    const bundle = await exportBundle(fastify.graph);
    if (format === 'csv') {
      // The files bundleToCsvFolder writes (the CSV template folder), as one zip to unpack and edit.
      return reply
        .header('content-disposition', 'attachment; filename="pathway-graph.csv.zip"')
        .type('application/zip')
        .send(Buffer.from(bundleToCsvZip(bundle)));
    }
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
