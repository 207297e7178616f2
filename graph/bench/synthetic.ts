/**
 * A seeded synthetic pathway graph with realistic fan-out, for benchmarks: a nation of
 * states and counties; per sector a five-level credential ladder (basic skills →
 * certificate → industry certification → associate → bachelor) with programs in counties,
 * states and online, requirement groups, stacking and articulation credit, occupations per
 * level with rising wages, supports, entry points, pathways, outcomes. The same seed and
 * size always give the same bundle.
 */
import {
  type Bundle,
  type Credential,
  type Edge,
  type EntryPoint,
  HOUSEHOLDS,
  type Occupation,
  type OccupationWage,
  type Outcome,
  type Partner,
  type Pathway,
  type Program,
  type Region,
  type Sector,
  SUPPORT_KINDS,
  type Support,
  type WageThreshold,
} from '../src/model/bundle.ts';

/** mulberry32: tiny, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LEVEL_TYPES = ['HighSchoolEquivalency', 'Certificate', 'IndustryCertification', 'Associate', 'Bachelor'] as const;
const LEVEL_MONTHS = [4, 6, 3, 24, 48];
const LEVEL_COST = [0, 2500, 900, 9000, 30000];
const LEVEL_CREDITS = [0, 20, 0, 90, 180];
const LEVEL_WAGE = [32000, 42000, 52000, 68000, 90000];

export interface SyntheticOptions {
  /** Approximate number of nodes (entities, requirement groups, thresholds, outcomes). */
  nodes: number;
  seed?: number;
}

export interface SyntheticBundle {
  bundle: Bundle;
  /** The counties, for picking route queries. */
  counties: string[];
  entryPointIds: string[];
  nodeCount: number;
}

export function syntheticBundle({ nodes, seed = 42 }: SyntheticOptions): SyntheticBundle {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  // About four nodes per program all told (its credential, requirement group, support, partner share…).
  const programTarget = Math.max(20, Math.round(nodes / 4.16));
  const sectorCount = Math.min(16, Math.max(2, Math.round(Math.log2(nodes))));
  const stateCount = Math.min(50, Math.max(1, Math.round(nodes / 2000)));
  const countyCount = Math.max(stateCount, Math.round(programTarget / 60));

  const regions: Region[] = [{ id: 'us', name: 'United States', kind: 'other' }];
  const states: string[] = [];
  for (let s = 0; s < stateCount; s += 1) {
    const id = `st-${s}`;
    states.push(id);
    regions.push({ id, name: `State ${s}`, kind: 'state', fips: [String(10 + s)], parentId: 'us' });
  }
  const counties: string[] = [];
  for (let c = 0; c < countyCount; c += 1) {
    const id = `co-${c}`;
    const state = states[c % stateCount] as string;
    counties.push(id);
    regions.push({ id, name: `County ${c}`, kind: 'county', parentId: state });
  }

  const wageThresholds: WageThreshold[] = [];
  for (const county of counties) {
    const base = between(38000, 62000);
    for (const [i, household] of HOUSEHOLDS.entries()) {
      const annual = Math.round(base * (1 + (i % 4) * 0.28) * (household.startsWith('2A2W') ? 0.62 : 1));
      wageThresholds.push({ regionId: county, household, annual, standard: 'Synthetic', year: 2024 });
    }
  }

  const sectors: Sector[] = [];
  const occupations: Occupation[] = [];
  const occupationWages: OccupationWage[] = [];
  const occupationsBySectorLevel = new Map<string, string[]>();
  for (let s = 0; s < sectorCount; s += 1) {
    sectors.push({ id: `sec-${s}`, name: `Sector ${s}`, naics: [String(11 + s)], inDemand: s % 3 === 0 });
    for (let level = 1; level < LEVEL_TYPES.length; level += 1) {
      const list: string[] = [];
      for (let k = 0; k < 4; k += 1) {
        const id = `occ-${s}-${level}-${k}`;
        list.push(id);
        occupations.push({
          id,
          title: `Occupation ${s}.${level}.${k}`,
          jobZone: Math.min(5, level + 1),
          sectorIds: [`sec-${s}`],
        });
        const median = Math.round((LEVEL_WAGE[level] as number) * (0.85 + random() * 0.35));
        occupationWages.push({
          occupationId: id,
          regionId: 'us',
          medianAnnual: median,
          year: 2024,
          source: 'Synthetic',
        });
        for (const state of states) {
          if (random() < 0.3) {
            occupationWages.push({
              occupationId: id,
              regionId: state,
              medianAnnual: Math.round(median * (0.85 + random() * 0.3)),
              annualOpenings: between(10, 900),
              year: 2024,
            });
          }
        }
      }
      occupationsBySectorLevel.set(`${s}-${level}`, list);
    }
  }

  const partners: Partner[] = [];
  const credentials: Credential[] = [];
  const programs: Program[] = [];
  const supports: Support[] = [];
  const entryPoints: EntryPoint[] = [];
  const pathways: Pathway[] = [];
  const outcomes: Outcome[] = [];
  const edges: Edge[] = [];

  // Shared basic-skills credentials.
  credentials.push({ id: 'hsd', name: 'High School Diploma', type: 'HighSchoolDiploma' });
  credentials.push({ id: 'hse', name: 'High School Equivalency', type: 'HighSchoolEquivalency' });

  const programsPerCounty = Math.max(1, Math.round(programTarget / countyCount));
  let programSeq = 0;
  for (const county of counties) {
    const college = `cc-${county}`;
    const adultEd = `ae-${county}`;
    const employer = `emp-${county}`;
    partners.push({ id: college, name: `${county} Community College`, kind: 'CommunityCollege', regionIds: [county] });
    partners.push({ id: adultEd, name: `${county} Adult Education`, kind: 'AdultEducation', regionIds: [county] });
    partners.push({ id: employer, name: `${county} Employer`, kind: 'Employer', regionIds: [county] });
    programs.push({
      id: `p-${county}-hse`,
      name: `${county} HSE preparation`,
      providerId: adultEd,
      awards: ['hse'],
      months: 5,
      cost: 0,
      regionIds: [county],
    });
    supports.push({ id: `s-${county}-nav`, name: 'Navigator', kind: 'CareerNavigation', regionIds: [county] });
    const countyPrograms: string[] = [];
    for (let n = 0; n < programsPerCounty; n += 1) {
      const s = between(0, sectorCount - 1);
      const level = between(1, LEVEL_TYPES.length - 1);
      const pid = `p-${programSeq}`;
      programSeq += 1;
      const credentialId = `c-${pid}`;
      credentials.push({
        id: credentialId,
        name: `Credential of ${pid}`,
        type: LEVEL_TYPES[level] as Credential['type'],
        issuerId: college,
        portable: level === 2,
      });
      // Requires: a lower credential of the same sector in this county, or the diploma.
      const lower = countyPrograms.filter((p) => p.startsWith(`${s}:`) && Number(p.split(':')[1]) === level - 1);
      const requires: string[][] =
        level === 1 || lower.length === 0 ? [['hsd', 'hse']] : [lower.slice(-2).map((p) => `c-${p.split(':')[2]}`)];
      const stateWide = random() < 0.08;
      const online = random() < 0.04;
      const credits = LEVEL_CREDITS[level] as number;
      programs.push({
        id: pid,
        name: `Program ${pid} (sector ${s}, level ${level})`,
        providerId: college,
        awards: [credentialId],
        months: Math.round((LEVEL_MONTHS[level] as number) * (0.7 + random() * 0.6) * 10) / 10,
        cost: Math.round((LEVEL_COST[level] as number) * (0.6 + random() * 0.8)),
        ...(credits > 0 ? { credits } : {}),
        requires,
        regionIds: online ? [] : [stateWide ? (regions.find((r) => r.id === county)?.parentId as string) : county],
        modality: online ? 'online' : pick(['in-person', 'hybrid'] as const),
        schedules: [pick(['day', 'evening', 'weekend'] as const)],
        languages: random() < 0.15 ? ['en', 'es'] : ['en'],
        // Contract 1.1: one certification program in seven is an apprenticeship paying while it
        // trains. Derived from the program's number, not drawn, so that the graph of a seed keeps
        // every other figure it had before.
        ...(level === 2 && programSeq % 7 === 0 ? { trainingWage: 30000 + (programSeq % 5) * 2000 } : {}),
      });
      if (random() < 0.5) {
        supports.push({
          id: `s-${pid}`,
          name: `Support for ${pid}`,
          kind: pick(SUPPORT_KINDS),
          providerId: college,
          programIds: [pid],
        });
      }
      // Stacking and articulation from the lower credentials.
      for (const low of lower.slice(-2)) {
        const lowCredential = `c-${low.split(':')[2]}`;
        const roll = random();
        if (roll < 0.5) {
          edges.push({ kind: 'STACKS_INTO', from: lowCredential, to: credentialId, creditsApplied: between(5, 20) });
        } else if (credits > 0 && roll < 0.75) {
          edges.push({ kind: 'ARTICULATES_TO', from: lowCredential, to: pid, credits: between(5, 15) });
        }
      }
      for (const occ of (occupationsBySectorLevel.get(`${s}-${level}`) ?? []).slice(0, between(1, 2))) {
        edges.push({ kind: 'QUALIFIES_FOR', from: credentialId, to: occ });
      }
      if (random() < 0.3) {
        outcomes.push({ programId: pid, cohortYear: 2023, enrolled: between(10, 80), completed: between(5, 10) });
      }
      countyPrograms.push(`${s}:${level}:${pid}`);
    }
    entryPoints.push({
      id: `ep-${county}-grad`,
      name: `${county}: high school graduate`,
      holds: ['hsd'],
      regionIds: [county],
    });
    entryPoints.push({
      id: `ep-${county}-esl`,
      name: `${county}: English learner`,
      populations: ['EnglishLearner'],
      enters: [`p-${county}-hse`],
      regionIds: [county],
    });
    const firstSector = countyPrograms[0]?.split(':')[0];
    if (firstSector !== undefined) {
      pathways.push({
        id: `pw-${county}`,
        name: `${county} pathway`,
        sectorId: `sec-${firstSector}`,
        programIds: countyPrograms.filter((p) => p.startsWith(`${firstSector}:`)).map((p) => p.split(':')[2] as string),
        partnerRoles: [
          { partnerId: college, role: 'Lead' },
          { partnerId: employer, role: 'Employer' },
        ],
      });
    }
    for (const occ of (occupationsBySectorLevel.get(`${between(0, sectorCount - 1)}-1`) ?? []).slice(0, 1)) {
      edges.push({ kind: 'HIRES', from: employer, to: occ, annualOpenings: between(2, 40) });
    }
  }
  for (let s = 0; s < sectorCount; s += 1) {
    for (let level = 1; level < LEVEL_TYPES.length - 1; level += 1) {
      const from = (occupationsBySectorLevel.get(`${s}-${level}`) ?? [])[0];
      const to = (occupationsBySectorLevel.get(`${s}-${level + 1}`) ?? [])[0];
      // Career-ladder moves of one to three years (derived, not drawn, as above).
      if (from && to) edges.push({ kind: 'ADVANCES_TO', from, to, years: 1 + ((s + level) % 3) });
    }
  }

  const bundle: Bundle = {
    format: 'pathway-bundle',
    version: 1.1,
    source: { name: `Synthetic benchmark graph (seed ${seed}, ~${nodes} nodes)`, license: 'CC0-1.0' },
    regions,
    wageThresholds,
    sectors,
    occupations,
    occupationWages,
    partners,
    credentials,
    programs,
    entryPoints,
    supports,
    pathways,
    outcomes,
    edges,
  };
  const nodeCount =
    regions.length +
    wageThresholds.length +
    sectors.length +
    occupations.length +
    partners.length +
    credentials.length +
    programs.length +
    programs.reduce((n, p) => n + (p.requires?.length ?? 0), 0) +
    entryPoints.length +
    supports.length +
    pathways.length +
    outcomes.length;
  return { bundle, counties, entryPointIds: entryPoints.map((e) => e.id), nodeCount };
}
