/**
 * A pathway's AQCP essential features (CLASP 2014), computed from the graph, each with a
 * pass/fail and the ids that are its evidence:
 *
 * 1. Multiple entry points: at least two entry points reach the pathway (they enter one of
 *    its programs, or what they hold lets them start one).
 * 2. Multiple exit points at successively higher levels: at least two credentials awarded
 *    along the pathway qualify for occupations, and the best wage of each exit is not lower
 *    than the exit before it, in program order.
 * 3. Well-connected transitions: every step from one pathway program to a later one that
 *    requires what it awards carries credit (STACKS_INTO or ARTICULATES_TO).
 * 4. Supports: every program of the pathway has advising, career navigation or case
 *    management (listing the program, or a region the program is offered in).
 */
import type { EntryPoint } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';

export interface QualityFeature {
  feature: 'MULTIPLE_ENTRY_POINTS' | 'RISING_EXIT_POINTS' | 'CREDITED_TRANSITIONS' | 'SUPPORTS_PRESENT';
  pass: boolean;
  summary: string;
  evidenceIds: string[];
}

export interface ExitLevel {
  credentialId: string;
  occupationId: string;
  medianAnnual: number | null;
}

export interface Transition {
  fromProgramId: string;
  toProgramId: string;
  viaCredentialId: string;
  credits: number;
}

export interface PathwayQuality {
  pathwayId: string;
  regionId: string | null;
  pass: boolean;
  features: QualityFeature[];
  entryPointIds: string[];
  exits: ExitLevel[];
  transitions: Transition[];
}

const NAVIGATION = new Set(['Advising', 'CareerNavigation', 'CaseManagement']);

export function pathwayQuality(index: GraphIndex, pathwayId: string, regionId?: string): PathwayQuality | undefined {
  const pathway = index.pathways.get(pathwayId);
  if (!pathway) return undefined;
  const programs = (pathway.programIds ?? []).map((id) => index.programs.get(id)).filter((p) => p !== undefined);
  const programIds = new Set(programs.map((p) => p.id));
  const wageRegion = regionId ?? index.rootRegions[0]?.id;

  // 1. Entry points that reach the pathway: they enter one of its programs, or hold a credential
  // of every requirement group of one (so one of the first group: the candidates come from there).
  const candidates = new Set<EntryPoint>();
  for (const program of programs) {
    for (const e of index.entryPointsByProgram.get(program.id) ?? []) candidates.add(e);
    for (const credentialId of program.requires?.[0] ?? []) {
      for (const e of index.entryPointsByHeld.get(credentialId) ?? []) candidates.add(e);
    }
  }
  const entryPointIds = [...candidates]
    .filter((e) => {
      if ((e.enters ?? []).some((p) => programIds.has(p))) return true;
      const holds = new Set(e.holds ?? []);
      return programs.some(
        (p) => (p.requires ?? []).length > 0 && (p.requires ?? []).every((g) => g.some((c) => holds.has(c))),
      );
    })
    .map((e) => e.id)
    .sort();

  // 2. Exit points in program order.
  const exits: ExitLevel[] = [];
  for (const program of programs) {
    for (const credentialId of program.awards) {
      const occupations = index.qualifiesFor.get(credentialId) ?? [];
      let best: ExitLevel | undefined;
      for (const occupationId of occupations) {
        const wage = wageRegion ? (index.wageIn(occupationId, wageRegion)?.medianAnnual ?? null) : null;
        if (!best || (wage ?? -1) > (best.medianAnnual ?? -1))
          best = { credentialId, occupationId, medianAnnual: wage };
      }
      if (best && !exits.some((e) => e.credentialId === credentialId)) exits.push(best);
    }
  }
  const rising = exits.every((e, i) => {
    const previous = exits[i - 1];
    return i === 0 || (e.medianAnnual ?? 0) >= (previous?.medianAnnual ?? 0);
  });

  // 3. Transitions between pathway programs and the credit they carry.
  const transitions: Transition[] = [];
  for (const from of programs) {
    for (const to of programs) {
      if (from.id === to.id) continue;
      for (const credentialId of from.awards) {
        if (!(to.requires ?? []).some((g) => g.includes(credentialId))) continue;
        const stacked = (index.stacksFrom.get(credentialId) ?? [])
          .filter((s) => to.awards.includes(s.to))
          .reduce((n, s) => n + s.creditsApplied, 0);
        const articulated = (index.articulatesFrom.get(credentialId) ?? [])
          .filter((a) => a.programId === to.id)
          .reduce((n, a) => n + a.credits, 0);
        transitions.push({
          fromProgramId: from.id,
          toProgramId: to.id,
          viaCredentialId: credentialId,
          credits: stacked + articulated,
        });
      }
    }
  }
  const uncredited = transitions.filter((t) => t.credits === 0);

  // 4. Navigation supports at every program.
  const unsupported = programs.filter((program) => {
    const regions = program.regionIds?.length ? program.regionIds : wageRegion ? [wageRegion] : [];
    const supports = new Map<string, string>();
    for (const r of regions) for (const s of index.supportsAt(program.id, r)) supports.set(s.id, s.kind);
    if (regions.length === 0) for (const s of index.supportsByProgram.get(program.id) ?? []) supports.set(s.id, s.kind);
    return ![...supports.values()].some((k) => NAVIGATION.has(k));
  });

  const features: QualityFeature[] = [
    {
      feature: 'MULTIPLE_ENTRY_POINTS',
      pass: entryPointIds.length >= 2,
      summary: `${entryPointIds.length} entry point${entryPointIds.length === 1 ? '' : 's'} reach this pathway`,
      evidenceIds: entryPointIds,
    },
    {
      feature: 'RISING_EXIT_POINTS',
      pass: exits.length >= 2 && rising,
      summary:
        exits.length < 2
          ? `${exits.length} exit point${exits.length === 1 ? '' : 's'} along the pathway (two or more needed)`
          : rising
            ? `${exits.length} exit points, wages rising level by level`
            : `${exits.length} exit points, but wages do not rise level by level`,
      evidenceIds: exits.flatMap((e) => [e.credentialId, e.occupationId]),
    },
    {
      feature: 'CREDITED_TRANSITIONS',
      pass: transitions.length > 0 && uncredited.length === 0,
      summary:
        transitions.length === 0
          ? 'no program of the pathway leads into another'
          : `${transitions.length - uncredited.length} of ${transitions.length} transitions carry credit`,
      evidenceIds: (uncredited.length > 0 ? uncredited : transitions).flatMap((t) => [t.fromProgramId, t.toProgramId]),
    },
    {
      feature: 'SUPPORTS_PRESENT',
      pass: programs.length > 0 && unsupported.length === 0,
      summary:
        unsupported.length === 0
          ? 'every program has advising, navigation or case management'
          : `${unsupported.length} program${unsupported.length === 1 ? '' : 's'} without advising, navigation or case management`,
      evidenceIds: unsupported.map((p) => p.id),
    },
  ];
  return {
    pathwayId,
    regionId: regionId ?? null,
    pass: features.every((f) => f.pass),
    features,
    entryPointIds,
    exits,
    transitions,
  };
}
