import { describe, expect, it } from 'vitest';
import { routePathwayUrl } from './queries.ts';

describe('routePathwayUrl', () => {
  it('writes the route input as GET /api/routes/pathway query parameters', () => {
    const url = new URL(
      routePathwayUrl(
        {
          regionId: 'tx-cameron',
          household: '1A1C',
          heldCredentialIds: ['hse', 'cna'],
          target: { occupationId: '29-1141.00' },
          advancement: true,
          requireSupports: false,
          maxCost: 2500.5,
          languages: ['es'],
        },
        2,
      ),
      'http://example.org',
    );
    expect(url.pathname).toBe('/api/routes/pathway');
    expect(url.searchParams.getAll('heldCredentialIds')).toEqual(['hse', 'cna']);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      regionId: 'tx-cameron',
      household: '1A1C',
      heldCredentialIds: 'cna',
      'target.occupationId': '29-1141.00',
      advancement: 'true',
      requireSupports: 'false',
      maxCost: '2500.5',
      languages: 'es',
      rank: '2',
    });
  });

  it('escapes what it carries', () => {
    const url = routePathwayUrl({ regionId: 'a&b=c', target: { sectorId: 's x' } }, 1);
    expect(url).toBe('/api/routes/pathway?regionId=a%26b%3Dc&target.sectorId=s+x&rank=1');
  });
});
