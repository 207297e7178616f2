/** Write keys: `Authorization: Bearer <token>`, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKey } from '../../config.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The key of a request, or a 401 sent and undefined returned. */
    requireWriteKey(request: FastifyRequest, reply: FastifyReply): ApiKey | undefined;
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export default fp(
  async (fastify) => {
    const keys = fastify.config.API_KEYS.map((key) => ({ key, digest: digest(key.token) }));
    fastify.decorate('requireWriteKey', (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers.authorization ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      const presented = match ? digest(match[1] as string) : undefined;
      // Compare against every key so the time taken does not reveal which one matched.
      let found: ApiKey | undefined;
      for (const k of keys) {
        if (presented && timingSafeEqual(presented, k.digest)) found = k.key;
      }
      if (!found) {
        reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({
            error: 'unauthorized',
            message: match ? 'unknown write key' : 'writes need "Authorization: Bearer <key>"',
          });
        return undefined;
      }
      return found;
    });
  },
  { name: 'auth' },
);
