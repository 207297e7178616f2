/** No Docker engine here: the compose file's structure is checked instead of run. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@pathway/graph/paths';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string } | string;
  ports?: string[];
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] | string; interval?: string; retries?: number };
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};

describe('docker-compose.yml', () => {
  const neo4j = compose.services.neo4j as Service;
  const api = compose.services.api as Service;

  it('runs the official Neo4j 5.26 community image with a named volume for its data', () => {
    expect(neo4j.image).toMatch(/^neo4j:5\.26(\.\d+)?-community$/);
    const dataVolume = neo4j.volumes?.find((v) => v.endsWith(':/data'));
    expect(dataVolume).toBeDefined();
    expect(Object.keys(compose.volumes)).toContain(dataVolume?.split(':')[0]);
  });

  it('health-checks Neo4j with a real query', () => {
    const test = [neo4j.healthcheck?.test].flat().join(' ');
    expect(test).toMatch(/cypher-shell/);
    expect(test).toMatch(/RETURN 1/);
  });

  it('takes the Neo4j password from the environment, not from the file', () => {
    expect(neo4j.environment?.NEO4J_AUTH).toMatch(/^neo4j\/\$\{NEO4J_PASSWORD[:?]/);
    expect(api.environment?.NEO4J_PASSWORD).toMatch(/^\$\{NEO4J_PASSWORD[:?]/);
  });

  it('builds the API from the repository and starts it once Neo4j is healthy', () => {
    const build = typeof api.build === 'string' ? { context: api.build } : api.build;
    expect(build?.context).toBe('.');
    expect(existsSync(join(repoRoot, build?.dockerfile ?? 'Dockerfile'))).toBe(true);
    expect(api.depends_on?.neo4j?.condition).toBe('service_healthy');
    expect(api.environment?.NEO4J_URI).toBe('bolt://neo4j:7687');
    expect(api.healthcheck).toBeDefined();
  });

  it('publishes the API port and documents every variable in .env.example', () => {
    expect(api.ports?.some((p) => /:3000$/.test(p))).toBe(true);
    const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    for (const name of ['NEO4J_PASSWORD', 'PORT', 'API_KEYS', 'EMBED_ORIGINS', 'LOG_LEVEL']) {
      expect(example).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
    }
  });
});
