/**
 * GET /api/routes/pathway — a route as a CTDL Pathway (CONTRACT.md section 8): the document
 * GraphQL's `routePathway` answers, as a download (`application/ld+json`, attachment).
 *
 * The query holds the fields of RouteInput by name, plus `rank` (default 1):
 * `regionId`, `household`, `entryPointId`, `objective`, `modality`; numbers `limit`,
 * `maxMonths`, `maxCost`, `horizonMonths`, `maxMonthsWithoutPay`, `rank`; `true`/`false` for
 * `requireSupports` and `advancement`; lists `heldCredentialIds`, `needs`, `schedules`,
 * `languages` (the parameter repeated, or comma-separated); the target as `target.occupationId`
 * or `target.sectorId`. A parameter it does not know is refused, so a typo never silently
 * widens the question. Values are then validated as `routes` validates its input.
 */
import { routePathwayDocument } from '@pathway/graph/ctdl/route-pathway';
import type { RouteInput } from '@pathway/graph/routing/route-input';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';

const once = z.string({ error: 'must be given once, as text' }).max(200, 'must be at most 200 characters');
const number = once.regex(/^\s*-?\d+(\.\d+)?\s*$/, 'must be a number').transform(Number);
const whole = once.regex(/^\s*-?\d+\s*$/, 'must be a whole number').transform(Number);
const flag = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
const list = z
  .union([z.string(), z.array(z.string())], { error: 'must be text' })
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((item) => item.split(','))
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  )
  .refine((items) => items.length <= 200, 'must have at most 200 values');

export const routePathwayQuerySchema = z.strictObject({
  regionId: once,
  household: once.optional(),
  entryPointId: once.optional(),
  heldCredentialIds: list.optional(),
  'target.occupationId': once.optional(),
  'target.sectorId': once.optional(),
  objective: once.optional(),
  limit: whole.optional(),
  maxMonths: number.optional(),
  maxCost: number.optional(),
  needs: list.optional(),
  requireSupports: flag.optional(),
  modality: once.optional(),
  schedules: list.optional(),
  languages: list.optional(),
  advancement: flag.optional(),
  horizonMonths: number.optional(),
  maxMonthsWithoutPay: number.optional(),
  rank: whole.optional(),
});

/** The query as the route input and rank it stands for (values are checked by the engine's own schema). */
export function routePathwayQuery(query: unknown): { input: RouteInput; rank: number } {
  const {
    rank,
    'target.occupationId': occupationId,
    'target.sectorId': sectorId,
    ...rest
  } = routePathwayQuerySchema.parse(query ?? {});
  const input = { ...rest } as RouteInput;
  if (occupationId !== undefined || sectorId !== undefined) input.target = { occupationId, sectorId };
  return { input, rank: rank ?? 1 };
}

// Every refusal is thrown: app.ts answers it from the one error table (errors/error-table.ts).
const routePathway: FastifyPluginAsync = async (fastify) => {
  fastify.get(
    '/api/routes/pathway',
    // A route search is the expensive kind of request: counted by the per-client rate limit.
    { config: { rateLimit: { max: fastify.config.RATE_LIMIT_MAX, timeWindow: fastify.config.RATE_LIMIT_WINDOW_MS } } },
    async (request, reply) => {
      const { input, rank } = routePathwayQuery(request.query);
      const snapshot = await fastify.snapshots.get();
      const document = routePathwayDocument(snapshot.index, input, rank);
      return reply
        .header('content-disposition', `attachment; filename="route-${rank}.ctdl.jsonld"`)
        .type('application/ld+json')
        .send(document);
    },
  );
};

export default routePathway;
