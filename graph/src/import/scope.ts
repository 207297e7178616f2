/**
 * What a partner-scoped write key may touch: only what that partner provides or issues —
 * its programs (and their outcomes and transitions), its supports, the credentials it issues — and edges
 * that start from them (from its credentials, or HIRES from the partner itself). Anything
 * else in the bundle is reported with its path; the caller refuses the whole bundle.
 */
import type { Tx } from '../db/graph-db.ts';
import { existingIds, owners } from '../db/queries/entity.queries.ts';
import type { Bundle } from '../model/bundle.ts';
import { ENTITY_LABELS } from '../model/vocabulary.ts';

import type { BundleIssue } from './validate.ts';

/** The kinds a partner owns, and the field naming their owner. */
const OWNED = { programs: 'providerId', supports: 'providerId', credentials: 'issuerId' } as const;
type OwnedKind = keyof typeof OWNED;

const ownersOf = (tx: Tx, kind: OwnedKind, ids: string[]) => owners(tx, kind, OWNED[kind], ids);

export function partnerScope(partnerId: string, replace: boolean) {
  return async (bundle: Bundle, tx: Tx): Promise<BundleIssue[]> => {
    const issues: BundleIssue[] = [];
    const deny = (path: string, message: string) => issues.push({ path, message });
    if (replace) deny('(bundle)', 'replacing the whole graph needs an admin key');

    const notOwned = ['source', 'regions', 'wageThresholds', 'sectors', 'occupations', 'occupationWages', 'partners'];
    for (const key of [...notOwned, 'entryPoints', 'pathways'] as const) {
      const value = bundle[key as keyof Bundle];
      if (value === undefined) continue;
      if (Array.isArray(value)) {
        value.forEach((_, i) => {
          deny(`${key}[${i}]`, `a key scoped to partner "${partnerId}" cannot write ${key}`);
        });
      } else deny(key, `a key scoped to partner "${partnerId}" cannot write ${key}`);
    }

    const check = async (kind: OwnedKind, items: { id: string }[] | undefined) => {
      const ownerField = OWNED[kind];
      const list = items ?? [];
      const stored = await ownersOf(
        tx,
        kind,
        list.map((i) => i.id),
      );
      list.forEach((item, i) => {
        const claimed = (item as Record<string, unknown>)[ownerField];
        if (claimed !== partnerId) {
          deny(
            `${kind}[${i}].${ownerField}`,
            `must be "${partnerId}": this key writes only what its partner provides or issues`,
          );
        } else if (stored.has(item.id) && stored.get(item.id) !== partnerId) {
          deny(`${kind}[${i}].id`, `"${item.id}" already exists and belongs to ${stored.get(item.id) ?? 'no partner'}`);
        }
      });
    };
    for (const kind of Object.keys(OWNED) as OwnedKind[]) await check(kind, bundle[kind]);

    const ownPrograms = new Set((bundle.programs ?? []).filter((p) => p.providerId === partnerId).map((p) => p.id));
    // Outcomes of its programs, and transitions from them (a provider reports where its completers went).
    const measuredPrograms = [
      ...new Set([
        ...(bundle.outcomes ?? []).map((o) => o.programId),
        ...(bundle.transitions ?? []).map((t) => t.fromProgramId),
      ]),
    ].filter((id) => !ownPrograms.has(id));
    const storedPrograms = await ownersOf(tx, 'programs', measuredPrograms);
    const ownsProgram = (id: string) => ownPrograms.has(id) || storedPrograms.get(id) === partnerId;
    (bundle.outcomes ?? []).forEach((o, i) => {
      if (!ownsProgram(o.programId))
        deny(`outcomes[${i}].programId`, `"${o.programId}" is not a program of ${partnerId}`);
    });
    (bundle.transitions ?? []).forEach((t, i) => {
      if (!ownsProgram(t.fromProgramId)) {
        deny(`transitions[${i}].fromProgramId`, `"${t.fromProgramId}" is not a program of ${partnerId}`);
      }
    });

    // Deletions: only its own programs and supports (and an id no other kind shares, as remove takes every kind).
    const removes = bundle.remove ?? [];
    if (removes.length > 0) {
      const programs = await ownersOf(tx, 'programs', removes);
      const supports = await ownersOf(tx, 'supports', removes);
      const others = new Set<string>();
      for (const label of ENTITY_LABELS) {
        if (label === 'Program' || label === 'Support') continue;
        for (const id of await existingIds(tx, label, removes)) others.add(id);
      }
      removes.forEach((id, i) => {
        const owner = programs.get(id) ?? supports.get(id);
        if (owner !== partnerId || others.has(id) || (programs.has(id) && supports.has(id))) {
          deny(`remove[${i}]`, `a key scoped to partner "${partnerId}" removes only its own programs and supports`);
        }
      });
    }

    const ownCredentials = new Set((bundle.credentials ?? []).filter((c) => c.issuerId === partnerId).map((c) => c.id));
    const edgeSources = [
      ...new Set((bundle.edges ?? []).filter((e) => e.kind !== 'HIRES' && e.kind !== 'ADVANCES_TO').map((e) => e.from)),
    ].filter((id) => !ownCredentials.has(id));
    const storedCredentials = await ownersOf(tx, 'credentials', edgeSources);
    (bundle.edges ?? []).forEach((edge, i) => {
      const ok =
        edge.kind === 'HIRES'
          ? edge.from === partnerId
          : edge.kind !== 'ADVANCES_TO' &&
            (ownCredentials.has(edge.from) || storedCredentials.get(edge.from) === partnerId);
      if (!ok)
        deny(
          `edges[${i}].from`,
          `a key scoped to partner "${partnerId}" writes only edges starting from its own credentials (or HIRES from itself)`,
        );
    });
    return issues;
  };
}
