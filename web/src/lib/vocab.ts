/**
 * The vocabulary the web app shows and validates: the graph's own dependency-free lists
 * (graph/src/model/vocabulary.ts), plus what only the web needs.
 */
import { ENTITY_LABELS, type EntityLabel, ID_PATTERN } from '@pathway/graph/model/vocabulary';

export {
  GAP_KINDS,
  type GapKind,
  HOUSEHOLDS,
  ID_PATTERN,
  INDICATOR_NAMES,
  type IndicatorName,
  MAP_EDGE_KINDS,
  type MapEdgeKind,
  MODALITIES,
  PROGRAM_FEATURES,
  SCHEDULES,
  SEVERITIES,
  SUPPORT_KINDS,
} from '@pathway/graph/model/vocabulary';

export const ENTITY_KINDS = ENTITY_LABELS;
export type EntityKind = EntityLabel;

/** Languages the navigator and the map's delivery filter offer (BCP 47). */
export const LANGUAGES = ['en', 'es'] as const;

export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

export function oneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}
