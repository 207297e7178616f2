/**
 * The `whatIf(input)` and `suggestions(...)` arguments of CONTRACT.md sections 7 and 9 as zod
 * schemas. GraphQL passes `null` for an argument left out, so every optional field accepts null
 * as "not given"; defaults (household `1A1C`, objective `TIME`, limit 5) are applied here. The
 * fragment itself (`add`) is only checked to be an object here: it is validated as an import is,
 * against the graph, by fragment.ts.
 */
import { z } from 'zod';
import { BadInputError } from '../errors.ts';
import { HOUSEHOLDS, type Household, ID_PATTERN } from '../model/bundle.ts';
import { OBJECTIVES, type Objective } from '../routing/route-input.ts';

export const DEFAULT_HOUSEHOLD: Household = '1A1C';
export const DEFAULT_SUGGESTIONS = 5;
export const MAX_SUGGESTIONS = 20;
/** Bounded work per request: ids one what-if may remove. */
export const MAX_REMOVE_IDS = 1000;

const id = z.string().regex(ID_PATTERN, 'must be an id: 1-128 letters, digits and . _ : - (not first)');
const household = z
  .enum(HOUSEHOLDS, { error: `must be one of ${HOUSEHOLDS.join(', ')}` })
  .nullish()
  .transform((v): Household => v ?? DEFAULT_HOUSEHOLD);

export const whatIfInputSchema = z.strictObject({
  regionId: id,
  household,
  objective: z
    .enum(OBJECTIVES, { error: 'must be TIME, COST or INCOME' })
    .nullish()
    .transform((v): Objective => v ?? 'TIME'),
  add: z
    .record(z.string(), z.unknown(), { error: 'must be an object of bundle keys (CONTRACT.md section 1)' })
    .nullish()
    .transform((v) => v ?? undefined),
  removeIds: z
    .array(id)
    .max(MAX_REMOVE_IDS, `must list at most ${MAX_REMOVE_IDS} ids`)
    .nullish()
    .transform((v) => (v ? [...new Set(v)] : [])),
});

export type WhatIfInput = z.input<typeof whatIfInputSchema>;
export type ParsedWhatIfInput = z.output<typeof whatIfInputSchema>;

export const suggestionsInputSchema = z.strictObject({
  regionId: id,
  household,
  limit: z
    .number({ error: `must be a whole number from 1 to ${MAX_SUGGESTIONS}` })
    .int(`must be a whole number from 1 to ${MAX_SUGGESTIONS}`)
    .min(1, `must be from 1 to ${MAX_SUGGESTIONS}`)
    .max(MAX_SUGGESTIONS, `must be from 1 to ${MAX_SUGGESTIONS}`)
    .nullish()
    .transform((v) => v ?? DEFAULT_SUGGESTIONS),
});

export type SuggestionsInput = z.input<typeof suggestionsInputSchema>;
export type ParsedSuggestionsInput = z.output<typeof suggestionsInputSchema>;

function issuePath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || 'input';
}

function parseWith<S extends z.ZodType>(schema: S, raw: unknown, prefix: string): z.output<S> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const path = first ? issuePath(prefix, first.path) : prefix || 'input';
  const reasons = issues.map((issue, i) =>
    i === 0 ? issue.message : `${issuePath(prefix, issue.path)}: ${issue.message}`,
  );
  throw new BadInputError(path, reasons.join('; '));
}

/** Validates a what-if input; a bad field is a BadInputError naming it (`input.removeIds[2]`). */
export function parseWhatIfInput(raw: unknown): ParsedWhatIfInput {
  return parseWith(whatIfInputSchema, raw, 'input');
}

/** Validates the suggestions arguments (top-level: `limit`, `household`, `regionId`). */
export function parseSuggestionsInput(raw: unknown): ParsedSuggestionsInput {
  return parseWith(suggestionsInputSchema, raw, '');
}
