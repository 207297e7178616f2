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

/**
 * One region's findings, the programs ascending: typed arrays and one list of findings (an
 * all-regions answer holds every class's until the merge is done), read back by binary search.
 */
function result(
  kind: RegionRule['kind'],
  graph: GapGraph,
  programs: readonly number[],
  findings: readonly MeasureFinding[],
): RegionResult | undefined {
  if (programs.length === 0) return undefined;
  const subjects = new Int32Array(programs.length);
  const ranks = new Int8Array(programs.length);
  for (let k = 0; k < programs.length; k++) {
    subjects[k] = programs[k] as number;
    ranks[k] = SEVERITY_RANK[(findings[k] as MeasureFinding).severity];
  }
  return {
    subjects,
    ranks,
    explain(p): Finding {
      let lo = 0;
      let hi = subjects.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((subjects[mid] as number) < p) lo = mid + 1;
        else hi = mid;
      }
      const finding = findings[lo] as MeasureFinding;
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
    const subjects: number[] = [];
    const findings: MeasureFinding[] = [];
    const low = lowOutcomesOf(graph, floors);
    // The programs in scope are read from the region's own lists (programs listing a region
    // apart from those listing none), not tested one by one over the graph; in program order.
    const programs = scopedPrograms(ctx, scope);
    if (low.length <= programs.length) {
      for (const [p, finding] of low) {
        if (!inScope(graph, p, scope) || !ctx.isAvailable(p)) continue;
        subjects.push(p);
        findings.push(finding);
      }
    } else {
      const byProgram = lowOutcomeTable(graph, low);
      for (let k = 0; k < programs.length; k++) {
        const p = programs[k] as number;
        const finding = byProgram[p];
        if (finding === undefined) continue;
        subjects.push(p);
        findings.push(finding);
      }
    }
    return result('LOW_OUTCOME', graph, subjects, findings);
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
    const found: [number, MeasureFinding][] = [];
    for (const fromId of graph.index.transitionsFrom.keys()) {
      if (!isAvailable(fromId)) continue;
      const finding = leakyTransitionOf(graph.index, fromId, isAvailable, floors);
      if (finding) found.push([graph.programs.of(fromId), finding]);
    }
    // In program order, as every result lists its subjects (binary search in explain).
    found.sort((a, b) => a[0] - b[0]);
    return result(
      'LEAKY_TRANSITION',
      graph,
      found.map(([p]) => p),
      found.map(([, finding]) => finding),
    );
  },
};
