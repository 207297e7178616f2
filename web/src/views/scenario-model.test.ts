import { describe, expect, it } from 'vitest';
import type { WhatIfResult } from '../api/whatif-queries.ts';
import {
  affectedIds,
  type Change,
  fragmentOf,
  importBundleOf,
  MAX_CHANGES,
  removedIds,
  scenarioCsvRows,
  scenarioFromParams,
  scenarioToParams,
} from './scenario-model.ts';

const CHANGES: Change[] = [
  { kind: 'articulation', from: 'cna', to: 'p-lvn', credits: 4 },
  { kind: 'stacking', from: 'cna', to: 'lvn' },
  {
    kind: 'program',
    program: {
      id: 'p-new',
      name: 'Evening ADN',
      providerId: 'tsc',
      awards: ['adn'],
      months: 30,
      requires: ['hse', 'cna'],
    },
  },
  { kind: 'support', support: { id: 's-new', name: 'Bus pass', kind: 'Transportation', programIds: ['p-lvn'] } },
  { kind: 'removeProgram', id: 'p-cna' },
  { kind: 'removePartner', id: 'valley-health' },
];
const [ARTICULATION, , , , REMOVE_PROGRAM] = CHANGES as [Change, Change, Change, Change, Change, Change];

describe('a scenario in the URL', () => {
  it('round-trips every kind of change and the objective', () => {
    const p = new URLSearchParams('region=tx-cameron');
    scenarioToParams({ objective: 'COST', changes: CHANGES }, p);
    const back = scenarioFromParams(new URLSearchParams(p.toString()));
    expect(back).toEqual({ objective: 'COST', changes: CHANGES, dropped: 0 });
    expect(p.get('region')).toBe('tx-cameron');
  });

  it('leaves the URL clean without changes and with the default objective', () => {
    const p = new URLSearchParams('scenario=%5B%5D&objective=COST');
    scenarioToParams({ objective: 'TIME', changes: [] }, p);
    expect(p.toString()).toBe('');
  });

  it('drops what is not a change and says how many', () => {
    const raw = [
      ARTICULATION,
      { kind: 'articulation', from: 'cna', to: 'p-lvn', credits: 0 },
      { kind: 'articulation', from: '<script>', to: 'p-lvn', credits: 4 },
      { kind: 'program', program: { id: 'p', name: 'x', providerId: 'tsc', awards: [], months: 1 } },
      { kind: 'support', support: { id: 's', name: 'x', kind: 'Spaceship', programIds: ['p-lvn'] } },
      { kind: 'removeProgram', id: 'a b' },
      { kind: 'teleport' },
      'articulation',
    ];
    const back = scenarioFromParams(new URLSearchParams({ scenario: JSON.stringify(raw), objective: 'FASTEST' }));
    expect(back).toEqual({ objective: 'TIME', changes: [ARTICULATION], dropped: 7 });
    expect(scenarioFromParams(new URLSearchParams({ scenario: '{not json' }))).toEqual({
      objective: 'TIME',
      changes: [],
      dropped: 1,
    });
    const many = Array.from({ length: MAX_CHANGES + 5 }, () => REMOVE_PROGRAM);
    expect(scenarioFromParams(new URLSearchParams({ scenario: JSON.stringify(many) })).changes).toHaveLength(
      MAX_CHANGES,
    );
  });
});

describe('a scenario as API input', () => {
  it('adds edges, programs (requires as one any-of group) and supports; removes ids', () => {
    expect(fragmentOf(CHANGES)).toEqual({
      edges: [
        { kind: 'ARTICULATES_TO', from: 'cna', to: 'p-lvn', credits: 4 },
        { kind: 'STACKS_INTO', from: 'cna', to: 'lvn' },
      ],
      programs: [
        {
          id: 'p-new',
          name: 'Evening ADN',
          providerId: 'tsc',
          awards: ['adn'],
          months: 30,
          requires: [['hse', 'cna']],
        },
      ],
      supports: [{ id: 's-new', name: 'Bus pass', kind: 'Transportation', programIds: ['p-lvn'] }],
    });
    expect(removedIds(CHANGES)).toEqual(['p-cna', 'valley-health']);
    expect(fragmentOf([REMOVE_PROGRAM])).toEqual({});
    expect(importBundleOf([ARTICULATION])).toEqual({
      format: 'pathway-bundle',
      version: 1,
      edges: [{ kind: 'ARTICULATES_TO', from: 'cna', to: 'p-lvn', credits: 4 }],
    });
  });
});

const route = (months: number, cost: number, programs: string[]) => ({
  totalMonths: months,
  totalCost: cost,
  netIncome: 0,
  destination: { id: 'o-lvn', title: 'LVN' },
  steps: programs.map((id) => ({ kind: 'PROGRAM' as const, program: { id, name: id } })),
});
const RESULT: WhatIfResult = {
  entryPoints: [
    {
      entryPoint: { id: 'ep-hs-grad', label: 'HS graduate' },
      change: 'BETTER',
      monthsSaved: 1.5,
      costSaved: 700,
      before: route(13, 5000, ['p-cna', 'p-lvn']),
      after: route(11.5, 4300, ['p-cna', 'p-lvn']),
    },
    {
      entryPoint: { id: 'ep-same', label: 'Same' },
      change: 'SAME',
      monthsSaved: 0,
      costSaved: 0,
      before: route(3, 100, ['p-other']),
      after: route(3, 100, ['p-other']),
    },
    {
      entryPoint: { id: 'ep-none', label: 'None' },
      change: 'GAINED',
      monthsSaved: null,
      costSaved: null,
      before: null,
      after: route(2, 50, ['p-x']),
    },
  ],
  gapsClosed: [{ kind: 'CREDIT_LOSS', subjectId: 'p-lvn' }],
  gapsOpened: [{ kind: 'ORPHAN', subjectId: 'cred-y' }],
  graphVersion: 3,
};

describe('what a what-if touches', () => {
  it("is the scenario's ids, the changed routes' programs and the gaps' subjects, not unchanged routes", () => {
    const ids = affectedIds([ARTICULATION], RESULT);
    expect([...ids].sort()).toEqual(['cna', 'cred-y', 'p-cna', 'p-lvn', 'p-x']);
  });
});

describe('a scenario as CSV', () => {
  it('has a row per change, entry point and gap, with the figures as numbers', () => {
    const { header, rows } = scenarioCsvRows({ objective: 'TIME', changes: [ARTICULATION, REMOVE_PROGRAM] }, RESULT);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(rows.map((r) => r[0])).toEqual([
      'objective',
      'change',
      'change',
      'entryPoint',
      'entryPoint',
      'entryPoint',
      'gapClosed',
      'gapOpened',
    ]);
    expect(rows[1]).toEqual(['change', 'articulation', null, 'cna', 'p-lvn', 4, ...Array(9).fill(null)]);
    expect(rows[3]).toEqual([
      'entryPoint',
      null,
      'ep-hs-grad',
      null,
      null,
      null,
      'BETTER',
      13,
      5000,
      'p-cna p-lvn',
      11.5,
      4300,
      'p-cna p-lvn',
      1.5,
      700,
    ]);
    expect(rows[5]?.slice(7, 10)).toEqual([null, null, '']);
    expect(rows[6]?.slice(0, 3)).toEqual(['gapClosed', 'CREDIT_LOSS', 'p-lvn']);
  });
});
