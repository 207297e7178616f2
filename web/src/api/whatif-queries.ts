/**
 * The analyst's what-if operations (CONTRACT.md sections 7 and 9) and the one write the app
 * sends: a scenario's additions as a bundle to POST /api/bundles, with the key the analyst typed.
 */
import { ApiError, type ClientOptions, gql } from './client.ts';
import type { Objective } from './queries.ts';

/** The part of a best route the scenario panel shows. */
export interface WhatIfRoute {
  totalMonths: number;
  totalCost: number;
  netIncome: number;
  destination: { id: string; title: string };
  steps: { kind: 'PROGRAM' | 'WORK'; program: { id: string; name: string } | null }[];
}
export type RouteChange = 'GAINED' | 'LOST' | 'BETTER' | 'WORSE' | 'SAME';
export const ROUTE_CHANGES: readonly RouteChange[] = ['GAINED', 'LOST', 'BETTER', 'WORSE', 'SAME'];
export interface WhatIfEntryPoint {
  entryPoint: { id: string; label: string };
  change: RouteChange;
  monthsSaved: number | null;
  costSaved: number | null;
  before: WhatIfRoute | null;
  after: WhatIfRoute | null;
}
export interface GapRef {
  kind: string;
  subjectId: string;
}
export interface WhatIfResult {
  entryPoints: WhatIfEntryPoint[];
  gapsClosed: GapRef[];
  gapsOpened: GapRef[];
  graphVersion: number;
}
/** Section 1 keys; the API validates them as an import. */
export interface BundleFragment {
  edges?: Record<string, unknown>[];
  programs?: Record<string, unknown>[];
  supports?: Record<string, unknown>[];
}
export interface WhatIfInput {
  regionId: string;
  household?: string;
  objective?: Objective;
  add?: BundleFragment;
  removeIds?: string[];
}

const ROUTE = `totalMonths totalCost netIncome destination { id title } steps { kind program { id name } }`;

export async function fetchWhatIf(input: WhatIfInput, options?: ClientOptions): Promise<WhatIfResult> {
  const data = await gql<{ whatIf: WhatIfResult }>(
    `query WhatIf($input: WhatIfInput!) { whatIf(input: $input) {
      entryPoints { entryPoint { id label } change monthsSaved costSaved before { ${ROUTE} } after { ${ROUTE} } }
      gapsClosed { kind subjectId } gapsOpened { kind subjectId } graphVersion } }`,
    { input },
    options,
  );
  return data.whatIf;
}

export interface Suggestion {
  edge: { from: { id: string; label: string }; to: { id: string; label: string }; credits: number };
  gained: number;
  monthsSaved: number;
  entryPoints: { entryPoint: { id: string; label: string }; change: RouteChange; monthsSaved: number | null }[];
}

export async function fetchSuggestions(
  regionId: string,
  household: string,
  limit: number,
  options?: ClientOptions,
): Promise<Suggestion[]> {
  const data = await gql<{ suggestions: Suggestion[] }>(
    `query Suggestions($region: ID!, $household: String, $limit: Int) {
      suggestions(regionId: $region, household: $household, limit: $limit) {
        edge { from { id label } to { id label } credits } gained monthsSaved
        entryPoints { entryPoint { id label } change monthsSaved } } }`,
    { region: regionId, household, limit },
    options,
  );
  return data.suggestions;
}

export interface ImportSummary {
  changed: boolean;
  graphVersion: number;
  counts: Record<string, { created: number; updated: number; unchanged: number; deleted: number }>;
}

/** POST /api/bundles: the normal import path (validation, scope, write log) with this write key. */
export async function importBundle(bundle: Record<string, unknown>, key: string): Promise<ImportSummary> {
  let response: Response;
  try {
    response = await fetch('/api/bundles', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(bundle),
    });
  } catch {
    throw new ApiError('network error', 'NETWORK');
  }
  let body: { error?: { code: string; message: string } } & Partial<ImportSummary>;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  }
  if (!response.ok || body.error) {
    throw new ApiError(body.error?.message ?? `HTTP ${response.status}`, body.error?.code ?? 'HTTP');
  }
  return body as ImportSummary;
}
