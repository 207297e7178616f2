import { describe, expect, it } from 'vitest';
import type { GraphMap, MapEdge, MapNode, ProgramDelivery } from '../api/queries.ts';
import type { EntityKind, MapEdgeKind } from '../lib/vocab.ts';
import { applyFilter, deliveryMatches } from './filters.ts';

const node = (kind: EntityKind, id: string): MapNode => ({ id, key: `${kind}:${id}`, kind, label: id });
const edge = (kind: MapEdgeKind, s: MapNode, t: MapNode): MapEdge => ({
  id: `${kind}:${s.key}->${t.key}`,
  kind,
  sourceKey: s.key,
  targetKey: t.key,
});
const college = node('Partner', 'college');
const employer = node('Partner', 'employer');
const cna = node('Program', 'cna');
const cnc = node('Program', 'cnc');
const cnaCred = node('Credential', 'cna');
const cncCred = node('Credential', 'cnc');
const aide = node('Occupation', 'aide');
const machinist = node('Occupation', 'machinist');
const map: GraphMap = {
  nodes: [college, employer, cna, cnc, cnaCred, cncCred, aide, machinist],
  edges: [
    edge('OFFERED_BY', cna, college),
    edge('OFFERED_BY', cnc, employer),
    edge('AWARDS', cna, cnaCred),
    edge('AWARDS', cnc, cncCred),
    edge('QUALIFIES_FOR', cnaCred, aide),
    edge('QUALIFIES_FOR', cncCred, machinist),
    edge('HIRES', employer, aide),
  ],
};

describe('client-side map filters', () => {
  it('keeps a partner with its programs, their credentials and occupations, and whom it hires', () => {
    const keys = (m: GraphMap) => m.nodes.map((n) => n.key).sort();
    expect(keys(applyFilter(map, { partnerId: 'college' }))).toEqual(
      ['Credential:cna', 'Occupation:aide', 'Partner:college', 'Program:cna'].sort(),
    );
    const employerView = applyFilter(map, { partnerId: 'employer' });
    expect(keys(employerView)).toContain('Occupation:aide');
    expect(keys(employerView)).toContain('Occupation:machinist');
    expect(employerView.edges.every((e) => employerView.nodes.some((n) => n.key === e.sourceKey))).toBe(true);
  });

  it('shows only the chosen kinds, with the edges among them', () => {
    const only = applyFilter(map, { kinds: ['Program', 'Credential'] });
    expect(only.nodes).toHaveLength(4);
    expect(only.edges.map((e) => e.kind)).toEqual(['AWARDS', 'AWARDS']);
  });

  it('matches delivery as the route engine does', () => {
    const p: ProgramDelivery = {
      id: 'p',
      modality: 'online',
      schedules: ['evening'],
      languages: [],
      features: ['Apprenticeship'],
    };
    expect(deliveryMatches(p, { modality: 'online' })).toBe(true);
    expect(deliveryMatches(p, { modality: 'in-person' })).toBe(false);
    expect(deliveryMatches(p, { schedules: ['day'] })).toBe(false);
    expect(deliveryMatches(p, { languages: ['es'] })).toBe(true);
    expect(deliveryMatches(p, { features: ['WorkBasedLearning'] })).toBe(false);
    const delivery = new Map([['cna', p]]);
    expect(applyFilter(map, { modality: 'in-person' }, delivery).nodes.map((n) => n.key)).not.toContain('Program:cna');
  });
});
