import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateResolverTypes, RESOLVER_TYPES_FILE } from './resolver-types-codegen.ts';

describe('the generated resolver types', () => {
  it('match the SDL (run `npm run codegen` after changing it)', async () => {
    expect(readFileSync(RESOLVER_TYPES_FILE, 'utf8')).toBe(await generateResolverTypes());
  });

  it('type the arguments of the fields from the SDL', async () => {
    const generated = await generateResolverTypes();
    expect(generated).toMatch(/export type QueryRoutesArgs = \{\s+input: RouteInput;/);
    expect(generated).toMatch(/export type OccupationWageArgs = \{\s+regionId: Scalars\['ID'\]\['input'\];/);
    expect(generated).toMatch(/RouteResult: ResolverTypeWrapper<RouteResultParent>/);
  });
});
