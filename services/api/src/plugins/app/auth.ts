/** Write keys: `Authorization: Bearer <token>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKey } from '../../config.ts';
import { UnauthorizedError } from '../../errors/api-errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The key of a request; an UnauthorizedError (401) when it has none this service knows. */
    requireWriteKey(request: FastifyRequest): ApiKey;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export default fp(
  async (fastify) => {
    const keys = fastify.config.API_KEYS.map((key) => ({ key, digest: digest(key.token) }));
    fastify.decorate('requireWriteKey', (request: FastifyRequest) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const presented = match ? digest(match[1] as string) : undefined;
      // Compare against every key so the time taken does not reveal which one matched.
      let found: ApiKey | undefined;
      for (const k of keys) {
        if (presented && timingSafeEqual(presented, k.digest)) found = k.key;
      }
      if (!found) {
        throw new UnauthorizedError(match ? 'unknown write key' : 'writes need "Authorization: Bearer <key>"');
      }
      return found;
    });
  },
  { name: 'auth' },
);
