/**
 * The message keys the embed uses (a key, or a prefix ending in '.'). The embed build keeps
 * only these in en.json and es.json, which halves embed.js; `messages.test.ts` checks that the
 * embed's code uses no other key.
 */
export const EMBED_MESSAGES = [
  'embed.',
  'route.',
  'unit.',
  'support.',
  'kind.',
  'kinds.',
  'edge.',
  'edgeOut.',
  'edgeIn.',
  'legend.',
  'list.',
  'status.',
  'nav.noRoutes',
  'role.',
] as const;

export function keepMessage(key: string): boolean {
  return EMBED_MESSAGES.some((p) => (p.endsWith('.') ? key.startsWith(p) : key === p));
}
