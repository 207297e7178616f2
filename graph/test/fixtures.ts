/** Shared test fixtures: the contract's worked examples, kept in graph/test/examples (see its README). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '../src/model/bundle.ts';
import { repoRoot } from '../src/paths.ts';

/** The contract's worked examples (copied from the contract, unchanged). */
export const examplesDir = join(repoRoot, 'graph', 'test', 'examples');

/** One route of graph/test/examples/king-county.expected.json. */
export interface ExpectedStep {
  program: string | null;
  months: number;
  cost: number;
  creditsGranted: number;
  missingSupports: string[];
  /** Contract 1.1 (section 5): in rio-grande.expected.json only. */
  kind?: 'PROGRAM' | 'WORK';
  edge?: { from: string; to: string } | null;
  startMonth?: number;
  workingAs?: string | null;
  earnings?: number;
}
export interface ExpectedExitPoint {
  credential: string;
  occupation: string;
  medianAnnual: number | null;
  familySupporting: boolean;
  month: number;
}
export interface ExpectedRoute {
  rank: number;
  /** program ids in order; a work step as `FROM>TO` */
  programs: string[];
  totalMonths: number;
  totalCost: number;
  creditsGranted: number;
  destination: string;
  destinationWage: number | null;
  familySupporting: boolean;
  steps: ExpectedStep[];
  /** Contract 1.1 (sections 5 and 6): in rio-grande.expected.json only. */
  earningsDuringRoute?: number;
  monthsWithoutPay?: number;
  firstPaycheckMonth?: number;
  netIncome?: number;
  completionLikelihood?: number | null;
  unmeasuredFactors?: number;
  exitPoints?: ExpectedExitPoint[];
}
/** One route query of an expected file: its input and its answer. */
export interface ExpectedRouteCase {
  input: Record<string, unknown>;
  expected: ExpectedRoute[];
}
export interface KingCountyExpected {
  routes: ExpectedRouteCase[];
  gaps: { filter: Record<string, unknown>; expected: { kind: string; subjectId: string }[] }[];
}

export function kingCountyExpected(): KingCountyExpected {
  return JSON.parse(readFileSync(join(examplesDir, 'king-county.expected.json'), 'utf8')) as KingCountyExpected;
}

export function kingCountyBundle(): Bundle {
  return JSON.parse(readFileSync(join(examplesDir, 'king-county.bundle.json'), 'utf8')) as Bundle;
}

/** The 1.1 worked example (CONTRACT.md sections 5-7): its bundle and expected answers, untyped. */
export function rioGrandeBundle(): Bundle {
  return JSON.parse(readFileSync(join(examplesDir, 'rio-grande.bundle.json'), 'utf8')) as Bundle;
}
export function rioGrandeExpected(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(examplesDir, 'rio-grande.expected.json'), 'utf8')) as Record<string, unknown>;
}

/** Sorted keys, no empty arrays, arrays of records sorted: for comparing bundles. */
export function canonicalBundle(bundle: unknown): unknown {
  const canon = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(canon);
    if (x && typeof x === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const v = (x as Record<string, unknown>)[k];
        if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
        out[k] = canon(v);
      }
      return out;
    }
    return x;
  };
  const b = canon(bundle) as Record<string, unknown>;
  for (const [k, v] of Object.entries(b)) {
    if (Array.isArray(v)) b[k] = [...v].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  }
  return b;
}
