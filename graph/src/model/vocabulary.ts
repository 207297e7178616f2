/**
 * The graph's vocabulary: every Neo4j label and relationship type the code may write into
 * query text comes from these `as const` lists, never from input.
 */

/** Entity labels of CONTRACT.md section 1, each with a unique `id`. */
export const ENTITY_LABELS = [
  'Region',
  'Sector',
  'Occupation',
  'Partner',
  'Credential',
  'Program',
  'EntryPoint',
  'Support',
  'Pathway',
] as const;
export type EntityLabel = (typeof ENTITY_LABELS)[number];

export function isEntityLabel(value: string): value is EntityLabel {
  return (ENTITY_LABELS as readonly string[]).includes(value);
}
