import { describe, expect, it } from 'vitest';
import { bundleSchema, EDGE_KINDS, programSchema } from './bundle.ts';
import { EDGE_MAPPINGS, EDGE_PROPS, ENTITY_MAPPINGS, ROW_MAPPINGS, rowKey } from './mapping.ts';

const fieldsOfList = (key: string): string[] => {
  const list = bundleSchema.shape[key as keyof typeof bundleSchema.shape];
  const item = (list as unknown as { unwrap(): { element: { shape: Record<string, unknown> } } }).unwrap().element;
  return Object.keys(item.shape);
};

describe('the bundle mapping', () => {
  it('stores every field of every entity exactly once: as id, property, reference or nested relation', () => {
    for (const mapping of ENTITY_MAPPINGS) {
      const stored = [
        'id',
        ...mapping.props,
        ...mapping.refs.map((r) => r.field),
        ...mapping.nested.map((n) => n.field),
      ];
      expect(new Set(stored).size, mapping.key).toBe(stored.length);
      expect(new Set(stored), mapping.key).toEqual(new Set(fieldsOfList(mapping.key)));
    }
  });

  it('derives properties from the schema, so a new Program field is stored without touching the mapping', () => {
    const programs = ENTITY_MAPPINGS.find((m) => m.key === 'programs');
    expect(programs?.props).toContain('trainingWage');
    expect(programs?.props).not.toContain('requires');
    expect(programs?.props).not.toContain('awards');
    expect(Object.keys(programSchema.shape)).toEqual(expect.arrayContaining([...(programs?.props ?? [])]));
  });

  it('stores every field of every row as a key, an endpoint or a property', () => {
    for (const mapping of ROW_MAPPINGS) {
      const ends = mapping.shape === 'node' ? [] : [mapping.from.field, mapping.to.field];
      expect(new Set([...ends, ...mapping.props]), mapping.key).toEqual(new Set(fieldsOfList(mapping.key)));
      for (const field of mapping.keyFields) expect([...ends, ...mapping.props]).toContain(field);
    }
  });

  it('describes each edge kind with the fields of its own schema', () => {
    expect(EDGE_MAPPINGS.map((m) => m.kind)).toEqual([...EDGE_KINDS]);
    expect(EDGE_PROPS.ARTICULATES_TO).toEqual(['credits', 'agreement']);
    expect(EDGE_PROPS.QUALIFIES_FOR).toEqual([]);
  });

  it('keys a row by its key fields, and not before they are all there', () => {
    const outcomes = ROW_MAPPINGS.find((m) => m.key === 'outcomes');
    if (!outcomes) throw new Error('no outcomes mapping');
    expect(rowKey(outcomes, { programId: 'p1', cohortYear: 2023 })).toBe('p1|2023');
    expect(rowKey(outcomes, { programId: 'p1' })).toBeUndefined();
  });
});
