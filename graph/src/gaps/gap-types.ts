import type { GapKind } from './gap-input.ts';

export type Severity = 'high' | 'medium' | 'low';
export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };
/** rank → severity (0 is no finding). */
export const SEVERITY_OF_RANK: readonly Severity[] = ['low', 'low', 'medium', 'high'];

export type SubjectKind = 'Credential' | 'Program' | 'EntryPoint' | 'Occupation' | 'Pathway' | 'Sector' | 'Support';

export interface Gap {
  kind: GapKind;
  severity: Severity;
  subjectId: string;
  subjectKind: SubjectKind;
  /** Names the subject and says why, for a workforce analyst. */
  message: string;
  /** The evidence: the programs, credentials, occupations, partners… that make it a gap. */
  relatedIds: string[];
  /**
   * The regions where the gap was found (several when the filter had no region and the
   * answers were merged); empty for the region-independent kinds and when the graph has no regions.
   */
  regionIds: string[];
}

/**
 * One gap as found in one region (or once, for the region-independent kinds). The message and
 * the evidence are built only for the gaps reported, which keeps the merged all-regions answer
 * cheap: a subject found in two hundred regions is explained once.
 */
export interface Finding {
  kind: GapKind;
  subjectKind: SubjectKind;
  subjectId: string;
  severity: Severity;
  /** Names the place (`undefined`: a region-independent kind, or a graph without regions). */
  message: (where: string | undefined) => string;
  relatedIds: () => string[];
}

/** A gap's identity and severity: what the merge decides before anything is worded. */
export type GapHead = Pick<Gap, 'kind' | 'severity' | 'subjectId' | 'subjectKind'>;

/**
 * What a merged gap says and lists, worked out when first read (gap-finder.ts `lazyGap`): an
 * all-regions answer has hundreds of thousands of gaps, and a page, a count or a selection
 * without the field reads none of it.
 */
export interface GapParts {
  /** The head of the explanation the message and evidence come from (the eager twin's source of truth). */
  explained(): GapHead;
  message(): string;
  relatedIds(): string[];
  /** The regions in id order; the first `limit` only when given. */
  regionIds(limit?: number): string[];
  regionCount(): number;
}

/** An entry point's closure in a region: what everyone reaches there, plus what only it reaches. */
export interface EntryReach {
  base: { programs: readonly number[]; credentials: readonly number[] };
  programs: readonly number[];
  credentials: readonly number[];
}
