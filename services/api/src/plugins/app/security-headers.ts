/**
 * Security headers on every response: a Content-Security-Policy that allows only this
 * origin's scripts, and `frame-ancestors` — only this site may frame pages, except the embed
 * (`/embed…`), which the origins in EMBED_ORIGINS may frame too.
 */
import fp from 'fastify-plugin';

export default fp(
  async (fastify) => {
    const embedAncestors = ["'self'", ...fastify.config.EMBED_ORIGINS.filter((o) => o !== "'self'")].join(' ');
    const policy = (ancestors: string) =>
      [
        "default-src 'self'",
        "script-src 'self'",
        // Cytoscape sets inline styles on its container.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        `frame-ancestors ${ancestors}`,
      ].join('; ');
    const strict = policy("'self'");
    const embed = policy(embedAncestors);
    fastify.addHook('onSend', async (request, reply, payload) => {
      const embedPath = request.url.startsWith('/embed');
      reply.header('content-security-policy', embedPath ? embed : strict);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'strict-origin-when-cross-origin');
      if (!embedPath) reply.header('x-frame-options', 'SAMEORIGIN');
      return payload;
    });
  },
  { name: 'security-headers' },
);
