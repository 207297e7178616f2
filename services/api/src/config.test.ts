import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const TOKEN = 'a'.repeat(30);
const TOKEN2 = 'B_-9'.repeat(8);

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', LOG_LEVEL: 'info', API_KEYS: [], EMBED_ORIGINS: [] });
    expect(config.NEO4J_URI).toBeUndefined();
  });

  it('bounds work per request by default and names a bad limit', () => {
    expect(loadConfig({})).toMatchObject({
      GRAPHQL_COST_BUDGET: 100,
      GRAPHQL_BODY_LIMIT: 256 * 1024,
      BUNDLE_BODY_LIMIT: 50 * 1024 * 1024,
      RATE_LIMIT_MAX: 120,
    });
    expect(loadConfig({ GRAPHQL_COST_BUDGET: '40' }).GRAPHQL_COST_BUDGET).toBe(40);
    expect(() => loadConfig({ GRAPHQL_COST_BUDGET: '0' })).toThrow(/GRAPHQL_COST_BUDGET/);
    expect(() => loadConfig({ WORK_HEAP_RATIO: '1.5' })).toThrow(/WORK_HEAP_RATIO/);
    expect(() => loadConfig({ RATE_LIMIT_MAX: 'lots' })).toThrow(/RATE_LIMIT_MAX/);
  });

  it('parses admin and partner-scoped API keys', () => {
    const config = loadConfig({ API_KEYS: `ops:admin:${TOKEN}, lwtech:partner=org:lwtech:${TOKEN2}` });
    expect(config.API_KEYS).toEqual([
      { name: 'ops', scope: { kind: 'admin' }, token: TOKEN },
      { name: 'lwtech', scope: { kind: 'partner', partnerId: 'org:lwtech' }, token: TOKEN2 },
    ]);
  });

  it('parses embed origins', () => {
    expect(loadConfig({ EMBED_ORIGINS: 'https://a.example.org, http://localhost:8080' }).EMBED_ORIGINS).toEqual([
      'https://a.example.org',
      'http://localhost:8080',
    ]);
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        NEO4J_URI: 'http://localhost:7474',
        API_KEYS: 'ops:root:short',
        EMBED_ORIGINS: 'javascript:alert(1)',
        METRICS_TOKEN: 'short',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ['PORT', 'LOG_LEVEL', 'NEO4J_URI', 'API_KEYS', 'EMBED_ORIGINS', 'METRICS_TOKEN']) {
      expect(message).toContain(`${name}:`);
    }
  });

  it.each([
    ['missing parts', 'ops:admin', /NAME:SCOPE:TOKEN/],
    ['short token', 'ops:admin:abc', /24 or more/],
    ['unknown scope', `ops:root:${TOKEN}`, /"admin" or "partner=/],
    ['duplicate name', `ops:admin:${TOKEN},ops:admin:${TOKEN2}`, /used twice/],
    ['shared token', `a:admin:${TOKEN},b:admin:${TOKEN}`, /used by another key/],
  ])('rejects API keys with %s', (_case, value, message) => {
    expect(() => loadConfig({ API_KEYS: value })).toThrow(message);
  });
});
