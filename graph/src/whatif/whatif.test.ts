import { describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { suggestions, whatIf } from './whatif.ts';

const index = () => new GraphIndex(rioGrandeBundle());

describe('whatIf and suggestions input', () => {
  it('refuses removing the region the what-if asks about, naming the id', async () => {
    await expect(whatIf(index(), { regionId: 'tx-cameron', removeIds: ['p-cna', 'tx-cameron'] })).rejects.toThrow(
      /^input\.removeIds\[1\]: removes region "tx-cameron"/,
    );
  });

  it('names a bad field of the input and of the fragment', async () => {
    await expect(whatIf(index(), { regionId: 'tx-cameron', objective: 'FAST' })).rejects.toThrow(/^input\.objective: /);
    await expect(whatIf(index(), { regionId: 'tx-cameron', add: { format: 'csv' } })).rejects.toThrow(
      /^input\.add\.format: /,
    );
    await expect(whatIf(index(), { regionId: 'tx-cameron', removeIds: ['not an id'] })).rejects.toThrow(
      /^input\.removeIds\[0\]: must be an id/,
    );
    expect(() => suggestions(index(), { regionId: 'tx-cameron', limit: 2.5 })).toThrow(
      /^limit: must be a whole number/,
    );
    expect(() => suggestions(index(), { regionId: 'nowhere' })).toThrow(/^regionId: no region/);
  });

  it('answers a change that changes nothing with every entry point SAME and no gap moved', async () => {
    const answer = await whatIf(index(), { regionId: 'tx-cameron' });
    expect(answer.entryPoints.map((e) => e.change)).toEqual(['SAME', 'SAME', 'SAME', 'SAME']);
    expect(answer.entryPoints.every((e) => e.monthsSaved === 0 && e.costSaved === 0)).toBe(true);
    expect([answer.gapsClosed, answer.gapsOpened]).toEqual([[], []]);
  });

  it('reports an entry point the fragment adds as GAINED, and one removed as LOST', async () => {
    const added = await whatIf(index(), {
      regionId: 'tx-cameron',
      add: { entryPoints: [{ id: 'ep-new', name: 'New', holds: ['hse'] }] },
      removeIds: ['ep-working-cna'],
    });
    const change = Object.fromEntries(added.entryPoints.map((e) => [e.entryPointId, e.change]));
    expect(change['ep-new']).toBe('GAINED');
    expect(change['ep-working-cna']).toBe('LOST');
  });
});
