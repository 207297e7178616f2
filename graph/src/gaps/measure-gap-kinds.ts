/**
 * LOW_OUTCOME and LEAKY_TRANSITION (CONTRACT.md section 6) as regional rules of the gap engine.
 * The rules themselves are those of ../measures/measure-gaps.ts (one program at a time, the
 * property-tested ones); here they only read the region through RegionContext (which programs
 * are available, the request's floors) so that region classes, merging and the sector filter
 * work for them as for every other regional kind.
 */
import { leakyTransitionOf, lowOutcomeOf, type MeasureFinding } from '../measures/measure-gaps.ts';
import type { GapGraph } from './gap-graph.ts';
import { type Finding, SEVERITY_RANK } from './gap-types.ts';
import type { RegionResult, RegionRule } from './region-gaps.ts';

const declaredPrograms = (graph: GapGraph) => graph.programs.ids.slice(0, graph.index.programs.size);

function result(
  kind: RegionRule['kind'],
  graph: GapGraph,
  found: Map<number, MeasureFinding>,
): RegionResult | undefined {
  if (found.size === 0) return undefined;
  const subjects = [...found.keys()];
  return {
    subjects,
    ranks: subjects.map((p) => SEVERITY_RANK[(found.get(p) as MeasureFinding).severity]),
    explain(p): Finding {
      const finding = found.get(p) as MeasureFinding;
      return {
        kind,
        subjectKind: 'Program',
        subjectId: graph.programs.ids[p] as string,
        severity: finding.severity,
        message: finding.message,
        relatedIds: () => [...finding.relatedIds],
      };
    },
  };
}

export const lowOutcome: RegionRule = {
  kind: 'LOW_OUTCOME',
  subjectKind: 'Program',
  subjectIds: declaredPrograms,
  run(graph, ctx) {
    const { available, floors } = ctx;
    const found = new Map<number, MeasureFinding>();
    const declared = graph.index.programs.size;
    for (let p = 0; p < declared; p++) {
      if (available[p] === 0) continue;
      const finding = lowOutcomeOf(graph.index, graph.programs.ids[p] as string, floors);
      if (finding) found.set(p, finding);
    }
    return result('LOW_OUTCOME', graph, found);
  },
};

export const leakyTransition: RegionRule = {
  kind: 'LEAKY_TRANSITION',
  subjectKind: 'Program',
  subjectIds: declaredPrograms,
  run(graph, ctx) {
    // Read up front: whether anything leaks depends on availability even when no transition is recorded.
    const { available, floors } = ctx;
    const declared = graph.index.programs.size;
    const isAvailable = (id: string) => {
      const p = graph.programs.index.get(id);
      return p !== undefined && p < declared && available[p] === 1;
    };
    const found = new Map<number, MeasureFinding>();
    for (const fromId of graph.index.transitionsFrom.keys()) {
      if (!isAvailable(fromId)) continue;
      const finding = leakyTransitionOf(graph.index, fromId, isAvailable, floors);
      if (finding) found.set(graph.programs.of(fromId), finding);
    }
    return result('LEAKY_TRANSITION', graph, found);
  },
};
