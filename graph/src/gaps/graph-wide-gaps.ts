/**
 * The gap kinds that do not depend on a region (evaluated once): ORPHAN, SECTOR_WITHOUT_EMPLOYER,
 * NO_EXIT_POINT; and the region-free part of CREDIT_LOSS, which the regions only filter by
 * availability.
 */
import type { Pathway, Program } from '../model/bundle.ts';
import { evidence, Names } from './gap-evidence.ts';
import { declaredNumber, defineGapView, type GapGraph, groupCredentials } from './gap-graph.ts';
import { listOf, months, plural } from './gap-text.ts';
import type { Finding, Severity } from './gap-types.ts';
import type { Rows } from './packed-rows.ts';

/**
 * ORPHAN: a credential that no program awards, or a support that lists neither programs nor
 * regions. An orphan credential that programs require but no entry point holds is `medium`
 * (nobody in the graph can meet that requirement); other orphans are `low` (data hygiene, or
 * credentials such as a diploma that people bring from outside).
 */
export function orphanGaps(graph: GapGraph): Finding[] {
  const { index } = graph;
  const names = new Names(index);
  const heldBy = new Map<string, string[]>();
  for (const entry of index.entryPoints.values()) {
    for (const id of entry.holds ?? []) {
      const list = heldBy.get(id);
      if (list) list.push(entry.id);
      else heldBy.set(id, [entry.id]);
    }
  }
  const out: Finding[] = [];
  let position = -1;
  // forEach, not for…of: this runs once per index, before it is optimized (no iterator result per credential).
  index.credentials.forEach((credential) => {
    const c = declaredNumber(graph.credentials, ++position, credential.id);
    if (graph.awardedBy.count(c) > 0) return;
    const requiring = index.requiredBy.get(credential.id) ?? [];
    const holders = heldBy.get(credential.id) ?? [];
    const occupations = index.qualifiesFor.get(credential.id) ?? [];
    const severity: Severity = requiring.length > 0 && holders.length === 0 ? 'medium' : 'low';
    out.push({
      kind: 'ORPHAN',
      subjectKind: 'Credential',
      subjectId: credential.id,
      severity,
      message: () => {
        let message = `${names.credential(credential.id)} is awarded by no program`;
        if (requiring.length > 0) {
          message += `; ${plural(requiring.length, 'program')} require${requiring.length === 1 ? 's' : ''} it (${listOf(requiring.map((id) => names.program(id)))})`;
        }
        if (holders.length > 0) {
          message += `; ${plural(holders.length, 'entry point')} hold${holders.length === 1 ? 's' : ''} it (${listOf(holders.map((id) => names.entryPoint(id)))})`;
        }
        if (severity === 'medium') message += ', so nobody in the graph can meet that requirement';
        return message;
      },
      relatedIds: () => evidence(requiring, holders, occupations),
    });
  });
  for (const support of index.supports.values()) {
    if ((support.programIds ?? []).length > 0 || (support.regionIds ?? []).length > 0) continue;
    const provider = support.providerId === undefined ? '' : ` from ${names.partner(support.providerId)}`;
    out.push({
      kind: 'ORPHAN',
      subjectKind: 'Support',
      subjectId: support.id,
      severity: 'low',
      message: () =>
        `${names.support(support.id)}, a ${support.kind} support${provider}, lists neither programs nor regions, so no route can offer it`,
      relatedIds: () => evidence([support.providerId]),
    });
  }
  return out;
}

/**
 * SECTOR_WITHOUT_EMPLOYER: a sector with an occupation that some program (anywhere) leads to, but
 * no HIRES edge to any of its occupations and no `Employer` role in any of its pathways.
 * `high` for an in-demand sector, `medium` otherwise.
 */
export function sectorWithoutEmployerGaps(graph: GapGraph): Finding[] {
  const { index } = graph;
  const names = new Names(index);
  const ledTo = new Uint8Array(graph.occupations.size);
  let position = -1;
  const { leadsTo } = graph;
  index.programs.forEach((program) => {
    const p = declaredNumber(graph.programs, ++position, program.id);
    for (let k = leadsTo.start[p] as number, end = leadsTo.start[p + 1] as number; k < end; k++)
      ledTo[leadsTo.list[k] as number] = 1;
  });
  const occupationsOf = new Map<string, string[]>();
  for (const occupation of index.occupations.values()) {
    for (const sectorId of occupation.sectorIds ?? []) {
      const list = occupationsOf.get(sectorId);
      if (list) list.push(occupation.id);
      else occupationsOf.set(sectorId, [occupation.id]);
    }
  }
  const pathwaysOf = pathwaysBySector(graph);
  const out: Finding[] = [];
  for (const sector of index.sectors.values()) {
    const occupations = occupationsOf.get(sector.id) ?? [];
    const led = occupations.filter((id) => ledTo[graph.occupations.of(id)] === 1);
    if (led.length === 0) continue;
    if (occupations.some((id) => (index.hiredBy.get(id) ?? []).length > 0)) continue;
    const pathways = pathwaysOf.get(sector.id) ?? [];
    if (pathways.some((p) => (p.partnerRoles ?? []).some((r) => r.role === 'Employer'))) continue;
    const pathwayText = () => {
      if (pathways.length === 0) return 'it has no pathway';
      if (pathways.length === 1)
        return `its only pathway, ${names.pathway((pathways[0] as Pathway).id)}, has no Employer partner`;
      return `none of its ${pathways.length} pathways (${listOf(pathways.map((p) => names.pathway(p.id)))}) has an Employer partner`;
    };
    out.push({
      kind: 'SECTOR_WITHOUT_EMPLOYER',
      subjectKind: 'Sector',
      subjectId: sector.id,
      severity: sector.inDemand ? 'high' : 'medium',
      message: () =>
        `${names.sector(sector.id)}${sector.inDemand ? ', an in-demand sector,' : ''} has programs leading to ` +
        `${listOf(led.map((id) => names.occupation(id)))} but no engaged employer: no employer hires for any of its ` +
        `${plural(occupations.length, 'occupation')}, and ${pathwayText()}`,
      relatedIds: () =>
        evidence(
          led,
          pathways.map((p) => p.id),
        ),
    });
  }
  return out;
}

function pathwaysBySector(graph: GapGraph): Map<string, Pathway[]> {
  const out = new Map<string, Pathway[]>();
  for (const pathway of graph.index.pathways.values()) {
    if (pathway.sectorId === undefined) continue;
    const list = out.get(pathway.sectorId);
    if (list) list.push(pathway);
    else out.set(pathway.sectorId, [pathway]);
  }
  return out;
}

/** 12 months, with room for the rounding of sums such as 4.1 + 3.9 + 4. */
export const NO_EXIT_MONTHS = 12;
const EPSILON = 1e-9;
/** Expansions allowed when a pathway's requirements form a cycle and the search is no longer polynomial. */
const CYCLIC_SEARCH_BUDGET = 200_000;

/**
 * NO_EXIT_POINT: a pathway with one of its programs, or a chain of its programs each requiring
 * (in any group) a credential the one before awards, that takes 12 months or more in total while
 * awarding no credential that qualifies for any occupation. Only programs without an exit can be
 * in such a chain, so the search runs on those; the longest chain is reported. `high` from 24
 * months, `medium` below.
 */
export function noExitPointGaps(graph: GapGraph): Finding[] {
  const { index } = graph;
  const names = new Names(index);
  const out: Finding[] = [];
  for (const pathway of index.pathways.values()) {
    const members = [...new Set(pathway.programIds ?? [])]
      .filter((id) => index.programs.has(id))
      .map((id) => graph.programs.of(id))
      .filter((p) => graph.awards.of(p).every((c) => graph.qualifiesFor.count(c) === 0));
    if (members.length === 0) continue;
    const chain = longestChain(graph, members);
    if (chain.months < NO_EXIT_MONTHS - EPSILON) continue;
    const programIds = chain.programs.map((p) => graph.programs.ids[p] as string);
    const awarded = [...new Set(chain.programs.flatMap((p) => Array.from(graph.awards.of(p))))].map(
      (c) => graph.credentials.ids[c] as string,
    );
    out.push({
      kind: 'NO_EXIT_POINT',
      subjectKind: 'Pathway',
      subjectId: pathway.id,
      severity: chain.months >= 24 - EPSILON ? 'high' : 'medium',
      message: () => {
        const what =
          programIds.length === 1
            ? names.program(programIds[0] as string)
            : `the chain ${programIds.map((id) => names.program(id)).join(' → ')}`;
        const credentials = listOf(
          awarded.map((id) => names.credential(id)),
          4,
        );
        return `${names.pathway(pathway.id)}: ${what} takes ${months(chain.months)} without an exit point — ${credentials} qualif${awarded.length === 1 ? 'ies' : 'y'} for no occupation`;
      },
      relatedIds: () => evidence(programIds, awarded),
    });
  }
  return out;
}

interface Chain {
  months: number;
  programs: number[];
}

function longestChain(graph: GapGraph, members: number[]): Chain {
  const inSet = new Set(members);
  const monthsOf = (p: number) => graph.index.programs.get(graph.programs.ids[p] as string)?.months ?? 0;
  // Who requires what: credential → member programs with it in some group.
  const requirers = new Map<number, number[]>();
  for (const p of members) {
    for (const c of groupCredentials(graph, p)) {
      const list = requirers.get(c);
      if (list) list.push(p);
      else requirers.set(c, [p]);
    }
  }
  const next = new Map<number, number[]>();
  for (const p of members) {
    const targets = new Set<number>();
    for (const c of graph.awards.of(p)) {
      for (const q of requirers.get(c) ?? []) if (q !== p && inSet.has(q)) targets.add(q);
    }
    next.set(
      p,
      [...targets].sort((a, b) => a - b),
    );
  }

  // Acyclic (the usual case): longest path by dynamic programming over a topological order.
  const indegree = new Map<number, number>(members.map((p) => [p, 0]));
  for (const p of members) for (const q of next.get(p) ?? []) indegree.set(q, (indegree.get(q) ?? 0) + 1);
  const order: number[] = [];
  const ready = members.filter((p) => indegree.get(p) === 0);
  while (ready.length > 0) {
    const p = ready.pop() as number;
    order.push(p);
    for (const q of next.get(p) ?? []) {
      const d = (indegree.get(q) ?? 0) - 1;
      indegree.set(q, d);
      if (d === 0) ready.push(q);
    }
  }
  if (order.length === members.length) {
    const best = new Map<number, number>();
    const follow = new Map<number, number>();
    for (let i = order.length - 1; i >= 0; i--) {
      const p = order[i] as number;
      let tail = 0;
      for (const q of next.get(p) ?? []) {
        const value = best.get(q) ?? 0;
        if (value > tail) {
          tail = value;
          follow.set(p, q);
        }
      }
      best.set(p, monthsOf(p) + tail);
    }
    let start = members[0] as number;
    for (const p of members) if ((best.get(p) ?? 0) > (best.get(start) ?? 0)) start = p;
    const programs: number[] = [start];
    for (let p = follow.get(start); p !== undefined; p = follow.get(p)) programs.push(p);
    return { months: best.get(start) ?? 0, programs };
  }

  // A requirement cycle: search simple paths, stopping at the first chain long enough (or the budget).
  let best: Chain = { months: -1, programs: [] };
  let budget = CYCLIC_SEARCH_BUDGET;
  const path: number[] = [];
  const onPath = new Set<number>();
  const visit = (p: number, total: number): boolean => {
    if (--budget < 0) return true;
    path.push(p);
    onPath.add(p);
    if (total > best.months) best = { months: total, programs: [...path] };
    let done = best.months >= NO_EXIT_MONTHS - EPSILON;
    for (const q of next.get(p) ?? []) {
      if (done) break;
      if (!onPath.has(q)) done = visit(q, total + monthsOf(q));
    }
    path.pop();
    onPath.delete(p);
    return done;
  };
  for (const p of members) if (visit(p, monthsOf(p))) break;
  return best;
}

export interface CreditLoss {
  program: number;
  /** Each required credential that grants nothing, with the credit-bearing programs of other providers awarding it (the what-if's suggestions read these). */
  lost: readonly { credential: string; awardedBy: readonly string[] }[];
  /** The gap, the same wherever the program is available (the message names the place). */
  finding: Finding;
}

/**
 * The region-free part of CREDIT_LOSS: programs requiring (in any group) a credential that a
 * credit-bearing program (credits > 0) of another provider awards, where holding it grants no
 * credit: the STACKS_INTO `creditsApplied` into a credential the program awards plus the
 * ARTICULATES_TO `credits` to the program, capped at the program's `credits` when it has them
 * (so a program with `credits: 0` grants none), is zero. `high` when the program has credits to
 * grant, `medium` otherwise.
 */
export const creditLosses = defineGapView('credit-losses', (graph: GapGraph): Map<number, CreditLoss> => {
  const names = new Names(graph.index);
  const out = new Map<number, CreditLoss>();
  let position = -1;
  graph.index.programs.forEach((program) => {
    const loss = creditLossOf(graph, names, program, declaredNumber(graph.programs, ++position, program.id));
    if (loss) out.set(loss.program, loss);
  });
  return out;
});

/**
 * credential → the credit-bearing declared programs awarding it, in awardedBy order. Keyed by the
 * awardedBy table, which a graph differing only in credit edges shares (gapGraphWithCredit), as
 * it shares the programs: a credential every county's program requires (a diploma) is awarded by
 * thousands of programs without credits, and each requiring program would look at them all.
 */
const creditBearingTables = new WeakMap<Rows, Program[][]>();

function creditBearingAwarders(graph: GapGraph): Program[][] {
  let table = creditBearingTables.get(graph.awardedBy);
  if (!table) {
    // Program q, declared, is the q-th of the index (buildGapGraph numbers them first, in order).
    const bearing: (Program | undefined)[] = new Array(graph.programs.size).fill(undefined);
    let position = -1;
    graph.index.programs.forEach((program) => {
      const q = declaredNumber(graph.programs, ++position, program.id);
      if ((program.credits ?? 0) > 0) bearing[q] = program;
    });
    const { start, list } = graph.awardedBy;
    const none: Program[] = [];
    table = new Array<Program[]>(graph.awardedBy.size).fill(none);
    for (let c = 0; c < table.length; c++) {
      let out = none;
      for (let k = start[c] as number, end = start[c + 1] as number; k < end; k++) {
        const other = bearing[list[k] as number];
        if (other === undefined) continue;
        if (out === none) out = [];
        out.push(other);
      }
      if (out !== none) table[c] = out;
    }
    creditBearingTables.set(graph.awardedBy, table);
  }
  return table;
}

/** The CREDIT_LOSS of one declared program, or undefined when holding what it requires loses nothing. */
function creditLossOf(graph: GapGraph, names: Names, program: Program, p: number): CreditLoss | undefined {
  const { index } = graph;
  const awarders = creditBearingAwarders(graph);
  // Most programs require nothing a credit-bearing program awards: settled without a set.
  let any = false;
  const { groupMembers } = graph;
  for (let g = graph.groupStart[p] as number, end = graph.groupStart[p + 1] as number; g < end && !any; g++)
    for (let k = groupMembers.start[g] as number, to = groupMembers.start[g + 1] as number; k < to; k++)
      if ((awarders[groupMembers.list[k] as number] as Program[]).length > 0) {
        any = true;
        break;
      }
  if (!any) return undefined;
  const lost: { credential: string; awardedBy: string[] }[] = [];
  for (const c of groupCredentials(graph, p)) {
    const awardedBy: string[] = [];
    for (const other of awarders[c] as Program[]) {
      if (other.providerId !== program.providerId) awardedBy.push(other.id);
    }
    if (awardedBy.length === 0) continue;
    const credentialId = graph.credentials.ids[c] as string;
    let granted = 0;
    for (const edge of index.stacksFrom.get(credentialId) ?? []) {
      if (program.awards.includes(edge.to)) granted += edge.creditsApplied;
    }
    for (const edge of index.articulatesFrom.get(credentialId) ?? []) {
      if (edge.programId === program.id) granted += edge.credits;
    }
    if (program.credits !== undefined) granted = Math.min(granted, program.credits);
    if (granted <= 0) lost.push({ credential: credentialId, awardedBy });
  }
  if (lost.length === 0) return undefined;
  const credentialIds = lost.map((l) => l.credential);
  const sourceIds = [...new Set(lost.flatMap((l) => l.awardedBy))];
  const hasCredits = (program.credits ?? 0) > 0;
  const finding: Finding = {
    kind: 'CREDIT_LOSS',
    subjectKind: 'Program',
    subjectId: program.id,
    severity: hasCredits ? 'high' : 'medium',
    message: (where) => {
      const sources = sourceIds.map((id) => {
        const source = index.programs.get(id);
        return `${names.program(id)}, ${names.partner(source?.providerId ?? '')}, ${source?.credits ?? 0} credits`;
      });
      const it = credentialIds.length === 1 ? 'it' : 'them';
      const creditsText = hasCredits ? ` of its ${program.credits} credits` : '';
      return (
        `${names.program(program.id)}, offered by ${names.partner(program.providerId)}` +
        `${where === undefined ? '' : ` and available in ${where}`}, requires ` +
        `${listOf(credentialIds.map((id) => names.credential(id)))}, earned in credit-bearing programs of other providers ` +
        `(${listOf(sources)}), yet holding ${it} grants none${creditsText}: no STACKS_INTO or ARTICULATES_TO credit`
      );
    },
    relatedIds: () => evidence(credentialIds, sourceIds),
  };
  return { program: p, lost, finding };
}

/**
 * creditLosses of a graph that differs from `base`'s only in STACKS_INTO and ARTICULATES_TO
 * edges, whose losses can change only for `programs` (those the changed edges grant credit
 * toward): `base`'s losses with those recomputed. `base` is not changed.
 */
export function creditLossesWithCredit(
  base: ReadonlyMap<number, CreditLoss>,
  graph: GapGraph,
  programs: ReadonlySet<number>,
): Map<number, CreditLoss> {
  const names = new Names(graph.index);
  const out = new Map(base);
  for (const p of programs) {
    out.delete(p);
    const program = graph.index.programs.get(graph.programs.ids[p] as string);
    const loss = program ? creditLossOf(graph, names, program, p) : undefined;
    if (loss) out.set(p, loss);
  }
  return out;
}
