/**
 * LOW_OUTCOME and LEAKY_TRANSITION (CONTRACT.md section 6) as regional rules of the gap engine.
 * The rules themselves are those of ../measures/measure-gaps.ts (one program at a time, the
 * property-tested ones); here they only read the region through RegionContext (which programs
 * are available, the request's floors) so that region classes, merging and the sector filter
 * work for them as for every other regional kind.
 */

import type { Floors } from '../measures/measure-gaps.ts';
import { leakyTransitionOf, lowOutcomeOf, type MeasureFinding } from '../measures/measure-gaps.ts';
import { defineGapView, type GapGraph } from './gap-graph.ts';
import { type Finding, SEVERITY_RANK } from './gap-types.ts';
import { inScope, type RegionResult, type RegionRule, scopedPrograms } from './region-gaps.ts';

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

/**
 * Whether a program's outcomes fall below the floors does not depend on the region: judged once
 * per graph and floors (shared by every region of an all-regions request, and by later
 * requests with the same floors), in program order; a region keeps those available there.
 */
const lowOutcomesByFloors = defineGapView('low-outcomes', () => new Map<string, [number, MeasureFinding][]>());

function lowOutcomesOf(graph: GapGraph, floors: Floors): [number, MeasureFinding][] {
  const byFloors = lowOutcomesByFloors(graph);
  const key = JSON.stringify(Object.entries(floors).sort(([a], [b]) => (a < b ? -1 : 1)));
  let list = byFloors.get(key);
  if (!list) {
    // Only a program with outcome rows can fall below a floor: those are read (a third of the
    // programs on the synthetic graphs), in program order.
    const found: [number, MeasureFinding][] = [];
    const declared = graph.index.programs.size;
    graph.index.outcomesByProgram.forEach((rows, id) => {
      const p = graph.programs.index.get(id);
      if (p === undefined || p >= declared || rows.length === 0) return;
      const finding = lowOutcomeOf(graph.index, id, floors);
      if (finding) found.push([p, finding]);
    });
    list = found.sort((a, b) => a[0] - b[0]);
    // A few floor settings are asked for, not thousands; a bound keeps a hostile client from growing this.
    if (byFloors.size >= 32) byFloors.clear();
    byFloors.set(key, list);
  }
  return list;
}

const lowOutcomeTables = new WeakMap<[number, MeasureFinding][], (MeasureFinding | undefined)[]>();

/** The low outcomes of one floor setting indexed by program. */
function lowOutcomeTable(graph: GapGraph, low: [number, MeasureFinding][]): (MeasureFinding | undefined)[] {
  let table = lowOutcomeTables.get(low);
  if (!table) {
    table = new Array<MeasureFinding | undefined>(graph.programs.size).fill(undefined);
    for (const [p, finding] of low) table[p] = finding;
    lowOutcomeTables.set(low, table);
  }
  return table;
}

export const lowOutcome: RegionRule = {
  kind: 'LOW_OUTCOME',
  subjectKind: 'Program',
  subjectIds: declaredPrograms,
  regionFree: 'same',
  run(graph, ctx, _sector, scope) {
    const { floors } = ctx;
    const found = new Map<number, MeasureFinding>();
    const low = lowOutcomesOf(graph, floors);
    // The programs in scope are read from the region's own lists (programs listing a region
    // apart from those listing none), not tested one by one over the graph; in program order.
    const programs = scopedPrograms(ctx, scope);
    if (low.length <= programs.length) {
      for (const [p, finding] of low) if (inScope(graph, p, scope) && ctx.isAvailable(p)) found.set(p, finding);
    } else {
      const byProgram = lowOutcomeTable(graph, low);
      for (const p of programs) {
        const finding = byProgram[p];
        if (finding) found.set(p, finding);
      }
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
    const { floors, isAvailable: available } = ctx;
    const declared = graph.index.programs.size;
    const isAvailable = (id: string) => {
      const p = graph.programs.index.get(id);
      return p !== undefined && p < declared && available(p);
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
