/**
 * A what-if scenario (CONTRACT.md section 7): the changes an analyst tries, as data that goes
 * into the URL (restored on load, so a scenario is a link), into the API's `whatIf` input, into
 * a bundle for a real import, and into CSV. Pure: no DOM, no requests.
 */

import type { Objective } from '../api/queries.ts';
import type { BundleFragment, WhatIfResult } from '../api/whatif-queries.ts';
import { isId, oneOf, SUPPORT_KINDS } from '../lib/vocab.ts';

export interface NewProgram {
  id: string;
  name: string;
  providerId: string;
  awards: string[];
  months: number;
  cost?: number;
  credits?: number;
  /** One group: any one of these credentials admits. */
  requires?: string[];
}
export interface NewSupport {
  id: string;
  name: string;
  kind: string;
  providerId?: string;
  programIds: string[];
}
export type Change =
  | { kind: 'articulation'; from: string; to: string; credits: number }
  | { kind: 'stacking'; from: string; to: string; creditsApplied?: number }
  | { kind: 'program'; program: NewProgram }
  | { kind: 'support'; support: NewSupport }
  | { kind: 'removeProgram'; id: string }
  | { kind: 'removePartner'; id: string };
export type ChangeKind = Change['kind'];
export const CHANGE_KINDS: readonly ChangeKind[] = [
  'articulation',
  'stacking',
  'program',
  'support',
  'removeProgram',
  'removePartner',
];

export const OBJECTIVES: readonly Objective[] = ['TIME', 'COST', 'INCOME'];
export interface Scenario {
  objective: Objective;
  changes: Change[];
}

/** More changes than this in one link is not a scenario anyone reads; the rest are dropped. */
export const MAX_CHANGES = 50;
const MAX_NAME = 200;
const MAX_NUMBER = 1_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const amount = (v: unknown, min = 0): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= MAX_NUMBER;
const name = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '' && v.length <= MAX_NAME;
const ids = (v: unknown, min = 0): v is string[] =>
  Array.isArray(v) && v.length >= min && v.length <= MAX_CHANGES && v.every(isId);
const optional = <T>(v: unknown, ok: (v: unknown) => v is T): v is T | undefined => v === undefined || ok(v);

/** One change from untrusted JSON (a link), or null when it is not one. */
export function parseChange(raw: unknown): Change | null {
  if (!isObject(raw)) return null;
  switch (raw.kind) {
    case 'articulation':
      return isId(raw.from) && isId(raw.to) && amount(raw.credits) && raw.credits > 0
        ? { kind: 'articulation', from: raw.from, to: raw.to, credits: raw.credits }
        : null;
    case 'stacking':
      return isId(raw.from) && isId(raw.to) && optional(raw.creditsApplied, amount)
        ? {
            kind: 'stacking',
            from: raw.from,
            to: raw.to,
            ...(raw.creditsApplied === undefined ? {} : { creditsApplied: raw.creditsApplied }),
          }
        : null;
    case 'program': {
      const p = raw.program;
      if (!isObject(p)) return null;
      if (!isId(p.id) || !name(p.name) || !isId(p.providerId) || !ids(p.awards, 1) || !amount(p.months)) return null;
      if (!optional(p.cost, amount) || !optional(p.credits, amount) || !optional(p.requires, ids)) return null;
      const program: NewProgram = {
        id: p.id,
        name: p.name,
        providerId: p.providerId,
        awards: p.awards,
        months: p.months,
      };
      if (p.cost !== undefined) program.cost = p.cost;
      if (p.credits !== undefined) program.credits = p.credits;
      if (p.requires?.length) program.requires = p.requires;
      return { kind: 'program', program };
    }
    case 'support': {
      const s = raw.support;
      if (!isObject(s)) return null;
      if (!isId(s.id) || !name(s.name) || !oneOf(SUPPORT_KINDS, s.kind) || !optional(s.providerId, isId)) return null;
      if (!ids(s.programIds, 1)) return null;
      const support: NewSupport = { id: s.id, name: s.name, kind: s.kind, programIds: s.programIds };
      if (s.providerId !== undefined) support.providerId = s.providerId;
      return { kind: 'support', support };
    }
    case 'removeProgram':
    case 'removePartner':
      return isId(raw.id) ? { kind: raw.kind, id: raw.id } : null;
    default:
      return null;
  }
}

/** The URL parameters a scenario lives in: `scenario` (its changes as JSON) and `objective`. */
export const SCENARIO_PARAM = 'scenario';
export const OBJECTIVE_PARAM = 'objective';

export function scenarioFromParams(p: URLSearchParams): Scenario & { dropped: number } {
  const objective = oneOf(OBJECTIVES, p.get(OBJECTIVE_PARAM)) ? (p.get(OBJECTIVE_PARAM) as Objective) : 'TIME';
  const raw = p.get(SCENARIO_PARAM);
  if (!raw) return { objective, changes: [], dropped: 0 };
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    return { objective, changes: [], dropped: 1 };
  }
  if (!Array.isArray(list)) return { objective, changes: [], dropped: 1 };
  const changes = list
    .slice(0, MAX_CHANGES)
    .map(parseChange)
    .filter((c): c is Change => c !== null);
  return { objective, changes, dropped: list.length - changes.length };
}

/** Writes the scenario into `p` (removing its parameters when there is nothing to say). */
export function scenarioToParams(s: Scenario, p: URLSearchParams): void {
  if (s.changes.length) p.set(SCENARIO_PARAM, JSON.stringify(s.changes));
  else p.delete(SCENARIO_PARAM);
  if (s.objective !== 'TIME') p.set(OBJECTIVE_PARAM, s.objective);
  else p.delete(OBJECTIVE_PARAM);
}

/** What the scenario adds, as section 1 keys (the whatIf `add` and the body of an import). */
export function fragmentOf(changes: readonly Change[]): BundleFragment {
  const edges: Record<string, unknown>[] = [];
  const programs: Record<string, unknown>[] = [];
  const supports: Record<string, unknown>[] = [];
  for (const c of changes) {
    if (c.kind === 'articulation') edges.push({ kind: 'ARTICULATES_TO', from: c.from, to: c.to, credits: c.credits });
    else if (c.kind === 'stacking')
      edges.push({
        kind: 'STACKS_INTO',
        from: c.from,
        to: c.to,
        ...(c.creditsApplied === undefined ? {} : { creditsApplied: c.creditsApplied }),
      });
    else if (c.kind === 'program') {
      const { requires, ...rest } = c.program;
      programs.push({ ...rest, ...(requires?.length ? { requires: [requires] } : {}) });
    } else if (c.kind === 'support') supports.push({ ...c.support });
  }
  return {
    ...(edges.length ? { edges } : {}),
    ...(programs.length ? { programs } : {}),
    ...(supports.length ? { supports } : {}),
  };
}

/** The ids the scenario removes (a partner takes its programs and supports with it). */
export const removedIds = (changes: readonly Change[]): string[] =>
  changes.flatMap((c) => (c.kind === 'removeProgram' || c.kind === 'removePartner' ? [c.id] : []));

export const hasAdditions = (changes: readonly Change[]): boolean =>
  changes.some((c) => c.kind !== 'removeProgram' && c.kind !== 'removePartner');

/** A bundle of the additions for POST /api/bundles (removals are not part of a bundle). */
export function importBundleOf(changes: readonly Change[]): Record<string, unknown> {
  return { format: 'pathway-bundle', version: 1, ...fragmentOf(changes) };
}

/** The ids a change names, for the map: programs, credentials, partners it adds, links or removes. */
export function idsOf(c: Change): string[] {
  switch (c.kind) {
    case 'articulation':
    case 'stacking':
      return [c.from, c.to];
    case 'program':
      return [c.program.id, c.program.providerId, ...c.program.awards, ...(c.program.requires ?? [])];
    case 'support':
      return [c.support.id, ...c.support.programIds];
    default:
      return [c.id];
  }
}

/**
 * The programs a what-if touches: the scenario's own, and every program on an entry point's
 * best route before or after when that route changed.
 */
export function affectedIds(changes: readonly Change[], result: WhatIfResult | null): Set<string> {
  const out = new Set(changes.flatMap(idsOf));
  for (const ep of result?.entryPoints ?? []) {
    if (ep.change === 'SAME') continue;
    for (const route of [ep.before, ep.after]) for (const s of route?.steps ?? []) if (s.program) out.add(s.program.id);
  }
  for (const g of [...(result?.gapsClosed ?? []), ...(result?.gapsOpened ?? [])]) out.add(g.subjectId);
  return out;
}

const programsOf = (r: { steps: { program: { id: string } | null }[] } | null) =>
  r ? r.steps.flatMap((s) => (s.program ? [s.program.id] : [])).join(' ') : '';

/** The scenario and its answer as one CSV table: one row per change, entry point and gap. */
export function scenarioCsvRows(
  s: Scenario,
  result: WhatIfResult | null,
): { header: string[]; rows: (string | number | null)[][] } {
  const header = [
    'record',
    'kind',
    'id',
    'from',
    'to',
    'credits',
    'change',
    'beforeMonths',
    'beforeCost',
    'beforePrograms',
    'afterMonths',
    'afterCost',
    'afterPrograms',
    'monthsSaved',
    'costSaved',
  ];
  const blank = (n: number) => Array<null>(n).fill(null);
  const rows: (string | number | null)[][] = [['objective', s.objective, ...blank(header.length - 2)]];
  for (const c of s.changes) {
    const [id, from, to, credits] =
      c.kind === 'articulation'
        ? [null, c.from, c.to, c.credits]
        : c.kind === 'stacking'
          ? [null, c.from, c.to, c.creditsApplied ?? null]
          : c.kind === 'program'
            ? [c.program.id, null, null, c.program.credits ?? null]
            : c.kind === 'support'
              ? [c.support.id, null, null, null]
              : [c.id, null, null, null];
    rows.push(['change', c.kind, id, from, to, credits, ...blank(header.length - 6)]);
  }
  for (const ep of result?.entryPoints ?? []) {
    rows.push([
      'entryPoint',
      null,
      ep.entryPoint.id,
      null,
      null,
      null,
      ep.change,
      ep.before?.totalMonths ?? null,
      ep.before?.totalCost ?? null,
      programsOf(ep.before),
      ep.after?.totalMonths ?? null,
      ep.after?.totalCost ?? null,
      programsOf(ep.after),
      ep.monthsSaved,
      ep.costSaved,
    ]);
  }
  for (const [record, list] of [
    ['gapClosed', result?.gapsClosed ?? []],
    ['gapOpened', result?.gapsOpened ?? []],
  ] as const) {
    for (const g of list) rows.push([record, g.kind, g.subjectId, ...blank(header.length - 3)]);
  }
  return { header, rows };
}
