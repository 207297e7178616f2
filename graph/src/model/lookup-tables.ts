/**
 * The lookups of GraphIndex that the GraphQL fields read, so that each resolves in O(its answer):
 * built here for a full index (graph-index.ts); an index updated by a delta edits them by the
 * delta (index-delta.ts, in id order), which imports the list of their names from here.
 */
import type { EntryPoint, Pathway, Program, Region } from './bundle.ts';

interface Lists {
  programs: ReadonlyMap<string, Program>;
  entryPoints: ReadonlyMap<string, EntryPoint>;
  regions: ReadonlyMap<string, Region>;
  pathways: ReadonlyMap<string, Pathway>;
}

/** The lookups of GraphIndex built from its programs, entry points, regions and pathways (in their map order). */
export interface LookupTables {
  programsByRegion: Map<string, Program[]>;
  programsEverywhere: Program[];
  programPosition: Map<string, number>;
  entryPointsByProgram: Map<string, EntryPoint[]>;
  entryPointsByHeld: Map<string, EntryPoint[]>;
  rootRegions: Region[];
  rolesByPartner: Map<string, { pathway: Pathway; role: string }[]>;
}

export const LOOKUP_TABLES = [
  'programsByRegion',
  'programsEverywhere',
  'programPosition',
  'entryPointsByProgram',
  'entryPointsByHeld',
  'rootRegions',
  'rolesByPartner',
] as const satisfies readonly (keyof LookupTables)[];

export function lookupTables(index: Lists): LookupTables {
  const add = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const t: LookupTables = {
    programsByRegion: new Map(),
    programsEverywhere: [],
    programPosition: new Map(),
    entryPointsByProgram: new Map(),
    entryPointsByHeld: new Map(),
    rootRegions: [],
    rolesByPartner: new Map(),
  };
  for (const program of index.programs.values()) {
    t.programPosition.set(program.id, t.programPosition.size);
    const regionIds = new Set(program.regionIds ?? []);
    if (regionIds.size === 0) t.programsEverywhere.push(program);
    for (const regionId of regionIds) add(t.programsByRegion, regionId, program);
  }
  for (const entryPoint of index.entryPoints.values()) {
    for (const programId of new Set(entryPoint.enters ?? [])) add(t.entryPointsByProgram, programId, entryPoint);
    for (const credentialId of new Set(entryPoint.holds ?? [])) add(t.entryPointsByHeld, credentialId, entryPoint);
  }
  for (const region of index.regions.values()) if (!region.parentId) t.rootRegions.push(region);
  for (const pathway of index.pathways.values()) {
    for (const { partnerId, role } of pathway.partnerRoles ?? []) add(t.rolesByPartner, partnerId, { pathway, role });
  }
  return t;
}
