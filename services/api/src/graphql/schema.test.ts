import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedSchema, SCHEMA_FILE } from './print-schema.ts';

describe('the GraphQL schema', () => {
  it('matches the committed services/api/schema.graphql (run `npm run schema:print` after changing the SDL)', () => {
    expect(printedSchema()).toBe(readFileSync(SCHEMA_FILE, 'utf8'));
  });

  it('has the core operations of CONTRACT.md section 3', () => {
    const sdl = printedSchema();
    expect(sdl).toMatch(/routes\(input: RouteInput!\): RouteResult!/);
    // The contract's gaps(filter), with the paging extension's optional arguments beside it.
    expect(sdl).toMatch(/gaps\(after: String, filter: GapFilter, first: Int\): \[Gap!\]!/);
    // Contract 1.1 map(filter); paging (first, after) is optional on top of it.
    expect(sdl).toMatch(/map\(after: String, filter: MapFilter, first: Int\): GraphMap!/);
    for (const field of [
      'regionId: ID!',
      'household: String = "1A1C"',
      'objective: Objective = TIME',
      'limit: Int = 3',
    ]) {
      expect(sdl).toContain(field);
    }
  });
});
