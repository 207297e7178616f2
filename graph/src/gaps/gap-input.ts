/**
 * The `gaps(filter)` input of CONTRACT.md sections 3 and 6: the gap kinds and the filter schema
 * (with section 6's `floors`).
 * GraphQL passes `null` for an argument left out, so every field accepts null as "not given".
 */
import { z } from 'zod';
import { BadInputError } from '../errors.ts';
import { floorsSchema } from '../measures/measure-gaps.ts';
import { HOUSEHOLDS, type Household, ID_PATTERN } from '../model/bundle.ts';

export { GAP_KINDS, type GapKind } from '../model/vocabulary.ts';

import { GAP_KINDS } from '../model/vocabulary.ts';

export const DEFAULT_HOUSEHOLD: Household = '1A1C';

const id = z.string().regex(ID_PATTERN, 'must be an id: 1-128 letters, digits and . _ : - (not first)');

export const gapFilterSchema = z.strictObject({
  kinds: z
    .array(z.enum(GAP_KINDS, { error: `must be one of ${GAP_KINDS.join(', ')}` }))
    .nullish()
    .transform((kinds) => (kinds ? [...new Set(kinds)] : undefined)),
  regionId: id.nullish().transform((v) => v ?? undefined),
  sectorId: id.nullish().transform((v) => v ?? undefined),
  household: z
    .enum(HOUSEHOLDS, { error: `must be one of ${HOUSEHOLDS.join(', ')}` })
    .nullish()
    .transform((v): Household => v ?? DEFAULT_HOUSEHOLD),
  /** LOW_OUTCOME and LEAKY_TRANSITION floors; each left out or null takes the contract's default. */
  floors: floorsSchema,
});

/** What a caller may pass (fields optional or null). */
export type GapFilterInput = z.input<typeof gapFilterSchema>;
/** The filter after validation and defaults. */
export type GapFilter = z.output<typeof gapFilterSchema>;

function issuePath(path: readonly PropertyKey[]): string {
  let out = 'filter';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
  return out;
}

/**
 * Validates a filter; a bad one is a BadInputError naming the argument (`filter.household`,
 * `filter.kinds[1]`) and why. Every problem is in the message, the first one's path in `path`.
 */
export function parseGapFilter(raw: unknown): GapFilter {
  const parsed = gapFilterSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues;
  const first = issues[0];
  const path = first ? issuePath(first.path) : 'filter';
  const reasons = issues.map((issue, i) => (i === 0 ? issue.message : `${issuePath(issue.path)}: ${issue.message}`));
  throw new BadInputError(path, reasons.join('; '));
}
