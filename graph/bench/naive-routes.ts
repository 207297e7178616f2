/**
 * The naive baseline for the route benchmark: Cypher enumerates program chains with a
 * variable-length (quantified) path pattern — each next program requires something the one
 * before awards, or awards what that stacks into — over the programs available in the region, starting
 * from programs the participant can start; each chain is then scored literally by the contract
 * (credits, first qualifying step, no detours) and the best k distinct program sets are kept.
 * It is what one writes first; the benchmark compares its answers and its time with the engine.
 */
import type { GraphDb } from '../src/db/graph-db.ts';
import type { GraphIndex } from '../src/model/graph-index.ts';

export interface NaiveRoute {
  programIds: string[];
  totalMonths: number;
  totalCost: number;
  destinationId: string;
}

const CHAINS = `
MATCH (r:Region {id: $regionId})
CALL (r) { MATCH (r)-[:PART_OF*0..]->(up:Region) RETURN collect(up.id) AS chain }
CALL (r) { OPTIONAL MATCH (down:Region)-[:PART_OF*1..]->(r) RETURN collect(down.id) AS below }
WITH chain + below AS related
MATCH (e:EntryPoint {id: $entryPointId})
WITH related, [(e)-[:HOLDS]->(c:Credential) | c.id] AS held, [(e)-[:ENTERS]->(p:Program) | p.id] AS enters
MATCH (first:Program)
WHERE (NOT EXISTS { (first)-[:AVAILABLE_IN]->() } OR EXISTS { (first)-[:AVAILABLE_IN]->(x) WHERE x.id IN related })
  AND (first.id IN enters OR ALL(g IN [(first)-[:REQUIRES]->(g:RequirementGroup) | g]
        WHERE EXISTS { (g)-[:ANY_OF]->(c:Credential) WHERE c.id IN held }))
MATCH path = (first) ((a:Program)-[:AWARDS]->(:Credential)-[:ANY_OF|STACKS_INTO]-(m)-[:REQUIRES|AWARDS]-(b:Program)
                      WHERE a <> b AND (NOT EXISTS { (b)-[:AVAILABLE_IN]->() } OR EXISTS { (b)-[:AVAILABLE_IN]->(y) WHERE y.id IN related })){0,3}
RETURN DISTINCT [n IN nodes(path) WHERE n:Program | n.id] AS programs`;

/** Scores one sequence by the contract; undefined when it is not a route. */
function score(
  index: GraphIndex,
  sequence: string[],
  held: Set<string>,
  enters: Set<string>,
  targets: Set<string>,
): NaiveRoute | undefined {
  if (new Set(sequence).size !== sequence.length) return undefined;
  const run = (steps: string[]) => {
    const H = new Set(held);
    const out: { months: number; cost: number; granted: number; ok: boolean }[] = [];
    let reachedAt = -1;
    for (const [i, id] of steps.entries()) {
      const p = index.programs.get(id);
      if (!p) return undefined;
      const startable = enters.has(id) || (p.requires ?? []).every((g) => g.some((c) => H.has(c)));
      let granted = 0;
      for (const c of H) {
        for (const s of index.stacksFrom.get(c) ?? []) if (p.awards.includes(s.to)) granted += s.creditsApplied;
        for (const a of index.articulatesFrom.get(c) ?? []) if (a.programId === id) granted += a.credits;
      }
      if (p.credits !== undefined) granted = Math.min(granted, p.credits);
      const share = p.credits ? 1 - granted / p.credits : 1;
      out.push({ months: p.months * share, cost: (p.cost ?? 0) * share, granted, ok: startable });
      for (const c of p.awards) H.add(c);
      if (reachedAt < 0 && [...H].some((c) => (index.qualifiesFor.get(c) ?? []).some((o) => targets.has(o)))) {
        reachedAt = i;
      }
    }
    return { out, reachedAt, H };
  };
  const full = run(sequence);
  if (!full || full.out.some((s) => !s.ok) || full.reachedAt !== sequence.length - 1) return undefined;
  if ([...held].some((c) => (index.qualifiesFor.get(c) ?? []).some((o) => targets.has(o)))) return undefined;
  // No detours: dropping any step must break a later start, lower a later credit, or lose the goal.
  for (let i = 0; i < sequence.length - 1; i += 1) {
    const without = sequence.filter((_, j) => j !== i);
    const r = run(without);
    if (!r) continue;
    const later = full.out.slice(i + 1);
    const worse = r.out.slice(i).some((s, j) => !s.ok || s.granted < (later[j]?.granted ?? 0));
    if (!worse && r.reachedAt === without.length - 1) return undefined;
  }
  const awarded = new Set(sequence.flatMap((id) => index.programs.get(id)?.awards ?? []));
  const reached = [...targets].filter((o) => (index.qualifiedBy.get(o) ?? []).some((c) => awarded.has(c)));
  return {
    programIds: sequence,
    totalMonths: full.out.reduce((n, s) => n + s.months, 0),
    totalCost: full.out.reduce((n, s) => n + s.cost, 0),
    destinationId: reached.sort()[0] ?? '',
  };
}

export async function naiveRoutes(
  db: GraphDb,
  index: GraphIndex,
  input: { regionId: string; entryPointId: string; household: string; limit: number },
): Promise<NaiveRoute[]> {
  const threshold = index.thresholdIn(input.regionId, input.household)?.annual ?? Number.POSITIVE_INFINITY;
  const targets = new Set(
    [...index.occupations.keys()].filter((o) => (index.wageIn(o, input.regionId)?.medianAnnual ?? -1) >= threshold),
  );
  const entry = index.entryPoints.get(input.entryPointId);
  const held = new Set(entry?.holds ?? []);
  const enters = new Set(entry?.enters ?? []);
  const chains = await db.read('bench.naive-routes', async (tx) => {
    const result = await tx.run(CHAINS, { regionId: input.regionId, entryPointId: input.entryPointId });
    return result.records.map((r) => r.get('programs') as string[]);
  });
  const best = new Map<string, NaiveRoute>();
  for (const chain of chains) {
    const route = score(index, chain, held, enters, targets);
    if (!route) continue;
    const key = [...route.programIds].sort().join('|');
    const known = best.get(key);
    if (!known || route.totalMonths < known.totalMonths - 1e-9) best.set(key, route);
  }
  return [...best.values()]
    .sort(
      (a, b) => a.totalMonths - b.totalMonths || a.totalCost - b.totalCost || a.programIds.length - b.programIds.length,
    )
    .slice(0, input.limit);
}
