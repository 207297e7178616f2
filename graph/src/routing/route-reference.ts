/**
 * The slow, obviously-right twin of the route engine: CONTRACT.md sections 2 and 5 read literally.
 * Used only by tests (route-search.property.test.ts, route-reference.test.ts); findRoutes must give
 * the same answers. It enumerates every sequence of distinct steps (available, filter-matching
 * programs and, with `advancement`, ADVANCES_TO edges with `years`) that is startable step by
 * step and stops at the first step after which a target occupation can be held, keeps those in
 * which every step contributes (each step removed in turn, the others kept in order), computes
 * every figure of section 5 from its text, applies the hard limits per order, and keeps each set
 * of steps in its best order.
 *
 * Readings of the text that the worked examples (graph/test/examples) settle:
 * - the objective's "key" is its whole tie chain: TIME is (months, cost, fewer steps), COST is
 *   (cost, months, fewer steps); the greatest netIncome breaks ties on all of it (rio-grande,
 *   working nurse aide with maxMonthsWithoutPay 3: two 51-month routes, the cheaper first
 *   although the dearer earns more). INCOME is (greatest netIncome, months, cost, fewer steps).
 * - a program with `trainingWage` pays it whether or not it is also compatible with work, and
 *   names no `workingAs` (p-elec-appr is evening and pays its training wage).
 * - only the best job held when a step starts counts, so the order of a set changes its pay: the
 *   examples report p-cna before p-hse (p-hse, evening, then pays a nurse aide's wage).
 * - exit points come from credentials only (a work step adds none); their `month` is the end of
 *   the step that first awarded the credential.
 * - a route that reaches its destination by a work step has that occupation as its destination,
 *   with its pay after the last step.
 * - the first paycheck of a route with no paid step is at totalMonths; the empty route's at 0.
 * Where ties remain (same key and netIncome) any of the tied sets, and any of a set's tied
 * orders, is right; the comparisons in the tests accept each.
 */
import { NotFoundError } from '../errors.ts';
import type { Program } from '../model/bundle.ts';
import type { GraphIndex } from '../model/graph-index.ts';
import { type ParsedRouteInput, parseRouteInput, type RouteInput } from './route-input.ts';

export interface ReferenceStep {
  kind: 'PROGRAM' | 'WORK';
  /** the program id, or `FROM>TO` for a work step */
  id: string;
  edge: { from: string; to: string; years: number } | null;
  startMonth: number;
  months: number;
  cost: number;
  creditsGranted: number;
  rate: number;
  workingAs: string | null;
  earnings: number;
  missingSupports: string[];
}

export interface ReferenceExit {
  credential: string;
  occupation: string;
  medianAnnual: number | null;
  familySupporting: boolean;
  month: number;
}

export interface ReferenceRoute {
  /** step ids in order (programs, and `FROM>TO` for work steps) */
  order: string[];
  /** the step ids sorted and joined: what identifies the set */
  set: string;
  steps: ReferenceStep[];
  totalMonths: number;
  totalCost: number;
  creditsGranted: number;
  destination: string;
  destinationWage: number | null;
  familySupporting: boolean;
  earningsDuringRoute: number;
  monthsWithoutPay: number;
  firstPaycheckMonth: number;
  netIncome: number;
  exitPoints: ReferenceExit[];
}

export interface ReferenceAnswer {
  /** every set of steps in its best order, best first */
  ranked: ReferenceRoute[];
  /** every valid order within the hard limits, by its step ids joined with ',' */
  valid: Map<string, ReferenceRoute>;
  /** the ranking key of a route: equal keys are equally good (figures compared in units of 1e-6) */
  key: (route: ReferenceRoute) => number[];
}

/** Figures closer than this are a tie. */
export const REFERENCE_TIE = 1e-6;
const tieKey = (x: number) => Math.round(x / REFERENCE_TIE);
const LIMIT_SLACK = 1e-7;

interface Step {
  kind: 'PROGRAM' | 'WORK';
  id: string;
  program: Program | null;
  edge: { from: string; to: string; years: number } | null;
}

/** Every route of the contract for this input, computed the slow way. Throws as findRoutes does. */
export function referenceRoutes(index: GraphIndex, raw: RouteInput): ReferenceAnswer {
  const input: ParsedRouteInput = parseRouteInput(raw);
  const bundle = index.bundle;
  const R = input.regionId;
  if (!(bundle.regions ?? []).some((r) => r.id === R)) throw new NotFoundError('input.regionId', 'unknown');
  const credentialIds = new Set((bundle.credentials ?? []).map((c) => c.id));
  (input.heldCredentialIds ?? []).forEach((id, i) => {
    if (!credentialIds.has(id)) throw new NotFoundError(`input.heldCredentialIds[${i}]`, 'unknown');
  });
  const entryPoint = (bundle.entryPoints ?? []).find((e) => e.id === input.entryPointId);
  if (input.entryPointId !== undefined && !entryPoint) throw new NotFoundError('input.entryPointId', 'unknown');
  const threshold = index.thresholdIn(R, input.household)?.annual ?? null;
  const wage = (o: string) => index.wageIn(o, R)?.medianAnnual ?? null;
  const familySupporting = (w: number | null) => w !== null && threshold !== null && w >= threshold;
  const sectorId = input.target?.sectorId;
  if (sectorId !== undefined && !(bundle.sectors ?? []).some((s) => s.id === sectorId)) {
    throw new NotFoundError('input.target.sectorId', 'unknown');
  }
  let targets: string[];
  const occupationId = input.target?.occupationId;
  if (occupationId !== undefined) {
    if (!(bundle.occupations ?? []).some((o) => o.id === occupationId)) {
      throw new NotFoundError('input.target.occupationId', 'unknown');
    }
    targets = [occupationId];
  } else {
    if (threshold === null) throw new NotFoundError('input.household', 'no threshold');
    targets = (bundle.occupations ?? [])
      .filter((o) => sectorId === undefined || (o.sectorIds ?? []).includes(sectorId))
      .filter((o) => familySupporting(wage(o.id)))
      .map((o) => o.id);
  }
  const edges = bundle.edges ?? [];

  /** What the participant holds at a point: credentials, and occupations led to by work steps. */
  interface Held {
    credentials: Set<string>;
    worked: Set<string>;
  }
  const canHoldList = (h: Held): string[] => {
    const out = new Set<string>(h.worked);
    for (const e of edges) if (e.kind === 'QUALIFIES_FOR' && h.credentials.has(e.from)) out.add(e.to);
    return [...out];
  };
  const canHold = (h: Held, o: string) => canHoldList(h).includes(o);
  const byPayThenId = (a: string, b: string) =>
    (wage(b) ?? Number.NEGATIVE_INFINITY) - (wage(a) ?? Number.NEGATIVE_INFINITY) || (a < b ? -1 : a > b ? 1 : 0);
  const destinationOf = (h: Held): string | undefined =>
    canHoldList(h)
      .filter((o) => targets.includes(o))
      .sort(byPayThenId)[0];
  const bestJob = (h: Held): string | null =>
    canHoldList(h)
      .filter((o) => wage(o) !== null)
      .sort(byPayThenId)[0] ?? null;

  const related = index.relatedRegions(R);
  const programs = (bundle.programs ?? []).filter((p) => {
    if (!index.isAvailable(p, related)) return false;
    if (input.modality && p.modality && p.modality !== input.modality) return false;
    if (input.schedules?.length && p.schedules?.length && !p.schedules.some((s) => input.schedules?.includes(s))) {
      return false;
    }
    if (input.languages?.length && p.languages?.length) {
      const wanted = input.languages.map((l) => l.toLowerCase());
      if (!p.languages.some((l) => wanted.includes(l.toLowerCase()))) return false;
    }
    return true;
  });
  const steps: Step[] = programs.map((p) => ({ kind: 'PROGRAM', id: p.id, program: p, edge: null }));
  if (input.advancement) {
    // An edge O → O2 is one work step; were it listed twice, the shorter is the one taken.
    const work = new Map<string, { from: string; to: string; years: number }>();
    for (const e of edges) {
      if (e.kind !== 'ADVANCES_TO' || e.years === undefined) continue;
      const id = `${e.from}>${e.to}`;
      const old = work.get(id);
      if (!old || e.years < old.years) work.set(id, { from: e.from, to: e.to, years: e.years });
    }
    for (const [id, edge] of work) steps.push({ kind: 'WORK', id, program: null, edge });
  }

  const missingAt = (p: Program) => {
    const kinds = index.supportsAt(p.id, R).map((s) => s.kind);
    return (input.needs ?? []).filter((k) => !kinds.includes(k));
  };
  const enters = new Set(entryPoint?.enters ?? []);
  const startable = (s: Step, h: Held) => {
    if (s.edge) return canHold(h, s.edge.from);
    const p = s.program as Program;
    return enters.has(p.id) || (p.requires ?? []).every((group) => group.some((c) => h.credentials.has(c)));
  };
  const credits = (s: Step, h: Held) => {
    const p = s.program;
    if (!p) return 0;
    let sum = 0;
    for (const e of edges) {
      if (e.kind === 'STACKS_INTO' && h.credentials.has(e.from) && p.awards.includes(e.to))
        sum += e.creditsApplied ?? 0;
      if (e.kind === 'ARTICULATES_TO' && h.credentials.has(e.from) && e.to === p.id) sum += e.credits;
    }
    return Math.min(sum, p.credits ?? 0);
  };
  const share = (p: Program, granted: number) => (p.credits ? 1 - granted / p.credits : 1);
  const after = (s: Step, h: Held): Held => {
    const next = { credentials: new Set(h.credentials), worked: new Set(h.worked) };
    if (s.program) for (const c of s.program.awards) next.credentials.add(c);
    if (s.edge) next.worked.add(s.edge.to);
    return next;
  };
  const compatible = (p: Program) =>
    (p.schedules ?? []).some((x) => x === 'evening' || x === 'weekend' || x === 'self-paced') ||
    p.modality === 'online';

  const start: Held = {
    credentials: new Set([...(input.heldCredentialIds ?? []), ...(entryPoint?.holds ?? [])]),
    worked: new Set(),
  };

  /** Does every step contribute? Remove each in turn, the others kept in order. */
  const noDetour = (seq: Step[], destination: string) => {
    const grantedAt: number[] = [];
    let held = start;
    for (const s of seq) {
      grantedAt.push(credits(s, held));
      held = after(s, held);
    }
    for (let i = 0; i < seq.length; i++) {
      let contributes = false;
      let h = start;
      for (let j = 0; j < seq.length && !contributes; j++) {
        const s = seq[j] as Step;
        if (j === i) continue;
        if (j > i && (!startable(s, h) || credits(s, h) < (grantedAt[j] as number))) contributes = true;
        h = after(s, h);
      }
      if (!contributes && !canHold(h, destination)) contributes = true;
      if (!contributes) return false;
    }
    return true;
  };

  /** Every figure of sections 2 and 5 for a valid order. */
  const figures = (seq: Step[], destination: string): ReferenceRoute => {
    const horizon = input.horizonMonths;
    let held = start;
    let month = 0;
    let totalCost = 0;
    let totalCredits = 0;
    let net = 0;
    const out: ReferenceStep[] = [];
    const exitPoints: ReferenceExit[] = [];
    for (const s of seq) {
      const granted = credits(s, held);
      let months: number;
      let cost: number;
      let rate: number;
      let workingAs: string | null = null;
      if (s.edge) {
        months = 12 * s.edge.years;
        cost = 0;
        workingAs = s.edge.from;
        rate = (wage(s.edge.from) ?? 0) / 12;
      } else {
        const p = s.program as Program;
        months = p.months * share(p, granted);
        cost = (p.cost ?? 0) * share(p, granted);
        if (p.trainingWage !== undefined) rate = p.trainingWage / 12;
        else if (compatible(p)) {
          workingAs = bestJob(held);
          rate = workingAs === null ? 0 : (wage(workingAs) as number) / 12;
        } else rate = 0;
      }
      out.push({
        kind: s.kind,
        id: s.id,
        edge: s.edge,
        startMonth: month,
        months,
        cost,
        creditsGranted: granted,
        rate,
        workingAs,
        earnings: rate * months,
        missingSupports: s.program ? missingAt(s.program) : [],
      });
      net += rate * Math.max(0, Math.min(month + months, horizon) - month);
      const next = after(s, held);
      month += months;
      totalCost += cost;
      totalCredits += granted;
      if (s.program) {
        for (const c of new Set(s.program.awards)) {
          if (held.credentials.has(c)) continue;
          const occupations = new Set(
            edges.filter((e) => e.kind === 'QUALIFIES_FOR' && e.from === c).map((e) => e.to as string),
          );
          for (const o of occupations) {
            const w = wage(o);
            exitPoints.push({
              credential: c,
              occupation: o,
              medianAnnual: w,
              familySupporting: familySupporting(w),
              month,
            });
          }
        }
      }
      held = next;
    }
    const destinationWage = wage(destination);
    net += ((destinationWage ?? 0) / 12) * Math.max(0, horizon - month) - totalCost;
    const paid = out.find((s) => s.rate > 0);
    const order = seq.map((s) => s.id);
    return {
      order,
      set: [...order].sort().join(','),
      steps: out,
      totalMonths: month,
      totalCost,
      creditsGranted: totalCredits,
      destination,
      destinationWage,
      familySupporting: familySupporting(destinationWage),
      earningsDuringRoute: out.reduce((sum, s) => sum + s.earnings, 0),
      monthsWithoutPay: out.reduce((sum, s) => sum + (s.rate > 0 ? 0 : s.months), 0),
      firstPaycheckMonth: paid ? paid.startMonth : month,
      netIncome: net,
      exitPoints,
    };
  };

  const key = (r: ReferenceRoute): number[] => {
    const months = tieKey(r.totalMonths);
    const cost = tieKey(r.totalCost);
    const income = -tieKey(r.netIncome);
    if (input.objective === 'INCOME') return [income, months, cost, r.order.length];
    if (input.objective === 'COST') return [cost, months, r.order.length, income];
    return [months, cost, r.order.length, income];
  };
  const compare = (a: ReferenceRoute, b: ReferenceRoute) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return (ka[i] as number) - (kb[i] as number);
    return 0;
  };

  const valid = new Map<string, ReferenceRoute>();
  const initial = destinationOf(start);
  if (initial !== undefined) {
    const route = figures([], initial);
    valid.set('', route);
    return { ranked: [route], valid, key };
  }

  const within = (r: ReferenceRoute) =>
    (input.maxMonths === undefined || r.totalMonths <= input.maxMonths + LIMIT_SLACK) &&
    (input.maxCost === undefined || r.totalCost <= input.maxCost + LIMIT_SLACK) &&
    (input.maxMonthsWithoutPay === undefined || r.monthsWithoutPay <= input.maxMonthsWithoutPay + LIMIT_SLACK) &&
    !(input.requireSupports && r.steps.some((s) => s.missingSupports.length > 0));

  // Two prunings, each obviously safe, keep the enumeration small. A step that brings nothing new
  // (every credential it awards, or the occupation it leads to, is held already) changes nothing
  // for any later step nor for the destination, so it never contributes. And in a valid route every
  // step contributes to a later step or is the last, so every step feeds (awards a requirement or
  // a credit source of, or makes holdable the starting occupation of) a step that is in turn last
  // or feeds one: steps outside that backward closure from the steps that reach a target never
  // appear in a route.
  const outputsOf = (s: Step): { credentials: string[]; occupations: string[] } => {
    if (s.edge) return { credentials: [], occupations: [s.edge.to] };
    const credentials = (s.program as Program).awards;
    const occupations = edges
      .filter((e) => e.kind === 'QUALIFIES_FOR' && credentials.includes(e.from))
      .map((e) => e.to);
    return { credentials, occupations };
  };
  const feeds = (a: Step, b: Step): boolean => {
    const out = outputsOf(a);
    if (b.edge) return out.occupations.includes(b.edge.from);
    const p = b.program as Program;
    if ((p.requires ?? []).some((group) => group.some((c) => out.credentials.includes(c)))) return true;
    return edges.some(
      (e) =>
        out.credentials.includes(e.from) &&
        ((e.kind === 'STACKS_INTO' && p.awards.includes(e.to)) || (e.kind === 'ARTICULATES_TO' && e.to === p.id)),
    );
  };
  const relevant = new Set(steps.filter((s) => outputsOf(s).occupations.some((o) => targets.includes(o))));
  for (let grew = true; grew; ) {
    grew = false;
    for (const a of steps) {
      if (relevant.has(a) || ![...relevant].some((b) => feeds(a, b))) continue;
      relevant.add(a);
      grew = true;
    }
  }
  const brings = (s: Step, h: Held) =>
    s.edge ? !canHold(h, s.edge.to) : (s.program as Program).awards.some((c) => !h.credentials.has(c));

  const visit = (seq: Step[], held: Held) => {
    for (const s of steps) {
      if (!relevant.has(s) || seq.includes(s) || !startable(s, held) || !brings(s, held)) continue;
      const next = [...seq, s];
      const h = after(s, held);
      const destination = destinationOf(h);
      if (destination === undefined) {
        visit(next, h);
        continue;
      }
      if (!noDetour(next, destination)) continue;
      const route = figures(next, destination);
      if (within(route)) valid.set(route.order.join(','), route);
    }
  };
  visit([], start);

  const bestBySet = new Map<string, ReferenceRoute>();
  for (const route of valid.values()) {
    const old = bestBySet.get(route.set);
    if (!old || compare(route, old) < 0) bestBySet.set(route.set, route);
  }
  return { ranked: [...bestBySet.values()].sort(compare), valid, key };
}
