/**
 * The fast engine against a slow, literal reading of CONTRACT.md section 3 (one entity at a
 * time, naive fixpoints, every simple chain), on many random small graphs.
 */
import { describe, expect, it } from 'vitest';
import type { Program, SupportKind } from '../model/bundle.ts';
import { GraphIndex } from '../model/graph-index.ts';
import { findGaps } from './gap-finder.ts';
import { randomBundle } from './gap-fixtures.ts';

const GUIDANCE = new Set<SupportKind>(['Advising', 'CareerNavigation', 'CaseManagement']);

/** `KIND:subjectId@region` for one region (region-independent kinds without `@`). */
function reference(index: GraphIndex, regionId: string, household: string): Set<string> {
  const out = new Set<string>();
  const related = index.relatedRegions(regionId);
  const programs = [...index.programs.values()];
  const available = (p: Program) => index.isAvailable(p, related);
  const threshold = index.thresholdIn(regionId, household)?.annual;
  const familySupporting = (occupationId: string) => {
    const wage = index.wageIn(occupationId, regionId);
    return threshold !== undefined && wage !== undefined && wage.medianAnnual >= threshold;
  };
  const qualifies = (c: string) => (index.qualifiesFor.get(c) ?? []).some(familySupporting);

  if (threshold !== undefined) {
    for (const c of index.credentials.keys()) {
      const seen = new Set<string>([c]);
      const stack = [c];
      let found = false;
      while (stack.length > 0 && !found) {
        const d = stack.pop() as string;
        if (qualifies(d)) found = true;
        const next = (index.stacksFrom.get(d) ?? []).map((e) => e.to);
        for (const p of programs) {
          if (!available(p)) continue;
          const requires = (p.requires ?? []).flat().includes(d);
          const articulates = (index.articulatesTo.get(p.id) ?? []).some((a) => a.from === d);
          if (requires || articulates) next.push(...p.awards);
        }
        for (const n of next) {
          if (!seen.has(n)) {
            seen.add(n);
            stack.push(n);
          }
        }
      }
      if (!found) out.add(`DEAD_END_CREDENTIAL:${c}@${regionId}`);
    }

    for (const entry of index.entryPoints.values()) {
      const regions = entry.regionIds ?? [];
      if (regions.length > 0 && !regions.includes(regionId)) continue;
      const held = new Set(entry.holds ?? []);
      const started = new Set<string>();
      let changed = true;
      while (changed) {
        changed = false;
        for (const p of programs) {
          if (started.has(p.id) || !available(p)) continue;
          const startable =
            (entry.enters ?? []).includes(p.id) || (p.requires ?? []).every((g) => g.some((c) => held.has(c)));
          if (!startable) continue;
          started.add(p.id);
          for (const c of p.awards) held.add(c);
          changed = true;
        }
      }
      if (![...held].some(qualifies)) out.add(`ENTRY_WITHOUT_ROUTE:${entry.id}@${regionId}`);
    }
  }

  for (const p of programs) {
    if (!available(p)) continue;
    let loss = false;
    for (const c of new Set((p.requires ?? []).flat())) {
      const creditBearingElsewhere = programs.some(
        (q) => q.awards.includes(c) && q.providerId !== p.providerId && (q.credits ?? 0) > 0,
      );
      if (!creditBearingElsewhere) continue;
      let granted = 0;
      for (const s of index.stacksFrom.get(c) ?? []) if (p.awards.includes(s.to)) granted += s.creditsApplied;
      for (const a of index.articulatesFrom.get(c) ?? []) if (a.programId === p.id) granted += a.credits;
      if (p.credits !== undefined) granted = Math.min(granted, p.credits);
      if (granted <= 0) loss = true;
    }
    if (loss) out.add(`CREDIT_LOSS:${p.id}@${regionId}`);

    const guided = index.supportsAt(p.id, regionId).some((s) => GUIDANCE.has(s.kind));
    if (!guided) out.add(`UNSUPPORTED_PROGRAM:${p.id}@${regionId}`);
  }

  for (const o of index.occupations.values()) {
    const openings = index.wages.get(o.id)?.get(regionId)?.annualOpenings ?? 0;
    const inDemand = (o.sectorIds ?? []).some((s) => index.sectors.get(s)?.inDemand === true);
    if (openings <= 0 && !inDemand) continue;
    const led = programs.some(
      (p) => available(p) && p.awards.some((c) => (index.qualifiesFor.get(c) ?? []).includes(o.id)),
    );
    if (!led) out.add(`OCCUPATION_WITHOUT_ROUTE:${o.id}@${regionId}`);
  }
  return out;
}

function referenceGraphWide(index: GraphIndex): Set<string> {
  const out = new Set<string>();
  const programs = [...index.programs.values()];
  const hasExit = (p: Program) => p.awards.some((c) => (index.qualifiesFor.get(c) ?? []).length > 0);
  for (const pathway of index.pathways.values()) {
    const members = (pathway.programIds ?? []).flatMap((id) => {
      const p = index.programs.get(id);
      return p ? [p] : [];
    });
    let longest = 0;
    const walk = (p: Program, path: Set<string>, total: number) => {
      longest = Math.max(longest, total);
      for (const q of members) {
        if (path.has(q.id) || hasExit(q)) continue;
        if (!(q.requires ?? []).flat().some((c) => p.awards.includes(c))) continue;
        walk(q, new Set([...path, q.id]), total + q.months);
      }
    };
    for (const p of members) if (!hasExit(p)) walk(p, new Set([p.id]), p.months);
    if (longest >= 12 - 1e-9) out.add(`NO_EXIT_POINT:${pathway.id}`);
  }

  for (const sector of index.sectors.values()) {
    const occupations = [...index.occupations.values()].filter((o) => (o.sectorIds ?? []).includes(sector.id));
    const led = occupations.some((o) =>
      programs.some((p) => p.awards.some((c) => (index.qualifiesFor.get(c) ?? []).includes(o.id))),
    );
    const hires = occupations.some((o) => (index.hiredBy.get(o.id) ?? []).length > 0);
    const employer = [...index.pathways.values()].some(
      (pw) => pw.sectorId === sector.id && (pw.partnerRoles ?? []).some((r) => r.role === 'Employer'),
    );
    if (led && !hires && !employer) out.add(`SECTOR_WITHOUT_EMPLOYER:${sector.id}`);
  }

  for (const c of index.credentials.keys()) {
    if (!programs.some((p) => p.awards.includes(c))) out.add(`ORPHAN:${c}`);
  }
  for (const s of index.supports.values()) {
    if ((s.programIds ?? []).length === 0 && (s.regionIds ?? []).length === 0) out.add(`ORPHAN:${s.id}`);
  }
  return out;
}

describe('the engine against a literal reading of the contract', () => {
  const seeds = Array.from({ length: 1000 }, (_, i) => i + 1);

  // 1000 graphs take about 2 s alone; the timeout leaves room for a loaded machine.
  it('agrees region by region, and merged without a region, on 1000 random graphs', { timeout: 60_000 }, () => {
    let nonEmpty = 0;
    for (const seed of seeds) {
      const index = new GraphIndex(randomBundle(seed));
      const graphWide = referenceGraphWide(index);
      const merged = new Map<string, Set<string>>();
      for (const regionId of index.regions.keys()) {
        const want = reference(index, regionId, '1A1C');
        const got = new Set<string>();
        for (const gap of findGaps(index, { regionId })) {
          if (gap.regionIds.length === 0) got.add(`${gap.kind}:${gap.subjectId}`);
          else got.add(`${gap.kind}:${gap.subjectId}@${regionId}`);
        }
        for (const key of graphWide) want.add(key);
        expect([...got].sort(), `seed ${seed}, region ${regionId}`).toEqual([...want].sort());
        if (want.size > 0) nonEmpty++;
        for (const key of want) {
          const [subject, region] = key.split('@') as [string, string | undefined];
          const regions = merged.get(subject) ?? new Set<string>();
          if (region) regions.add(region);
          merged.set(subject, regions);
        }
      }
      const all = findGaps(index, {});
      expect(
        all.map((g) => `${g.kind}:${g.subjectId}@${g.regionIds.join('+')}`).sort(),
        `seed ${seed}, merged`,
      ).toEqual([...merged].map(([subject, regions]) => `${subject}@${[...regions].sort().join('+')}`).sort());
    }
    expect(nonEmpty).toBeGreaterThan(seeds.length);
  });

  // A credential in more requirement groups than a class has programs (a diploma) is walked
  // through the class's available programs instead (entry-closure.ts): the same closure.
  it('agrees when one credential is required by a hundred programs', () => {
    for (const seed of seeds.slice(0, 40)) {
      const bundle = randomBundle(seed);
      const programs = bundle.programs as Program[];
      const regionIds = (bundle.regions ?? []).map((r) => r.id);
      const awarded = (bundle.credentials ?? []).map((c) => c.id);
      const first = awarded[0] as string;
      for (let k = 0; k < 100; k++) {
        programs.push({
          id: `hub-p${k}`,
          name: `Hub program ${k}`,
          providerId: programs[0]?.providerId ?? 'b',
          awards: [awarded[(k * 7) % awarded.length] as string],
          requires: k % 3 === 0 ? [[first], [awarded[k % awarded.length] as string]] : [[first]],
          ...(k % 10 === 0 ? {} : { regionIds: [regionIds[k % regionIds.length] as string] }),
        } as Program);
      }
      (bundle.entryPoints ?? []).push({ id: 'hub-e', name: 'Hub entry', holds: [first], enters: [] });
      const index = new GraphIndex(bundle);
      const graphWide = referenceGraphWide(index);
      for (const regionId of index.regions.keys()) {
        const want = reference(index, regionId, '1A1C');
        for (const key of graphWide) want.add(key);
        const got = findGaps(index, { regionId }).map((gap) =>
          gap.regionIds.length === 0 ? `${gap.kind}:${gap.subjectId}` : `${gap.kind}:${gap.subjectId}@${regionId}`,
        );
        expect(got.sort(), `seed ${seed}, region ${regionId}`).toEqual([...want].sort());
      }
    }
  });
});
