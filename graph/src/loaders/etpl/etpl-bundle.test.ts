import { describe, expect, it } from 'vitest';
import { noExistingIds, validateBundle } from '../../import/validate.ts';
import type { Program } from '../../model/bundle.ts';
import { readDataText } from '../data-file.ts';
import { combineBundles } from '../graph-merge.ts';
import { convertOnet, readOnetDir } from '../onet.ts';
import { onetDir } from '../real-data.ts';
import {
  ANY_ASSOCIATE,
  ANY_BACHELOR,
  APPRENTICESHIP_INSTRUCTION_HOURS_PER_YEAR,
  CONTACT_HOURS_PER_WEEK,
  convertEtpl,
  countyRegionId,
  HS_DIPLOMA,
  MONTHS_PER_WEEK,
  programNodeId,
} from './etpl-bundle.ts';
import { countyKey, readCipToSoc, readCountyCrosswalk, readOnet2010To2019 } from './etpl-crosswalks.ts';
import { cipSocCsvGz, etplCsvGz, onet2010To2019CsvGz, txCountyWdaCsvGz } from './etpl-files.ts';
import { cipCode, type EtplRow, onetCode, parseEtpl } from './etpl-parser.ts';
import { preparations, reaches, rowReach } from './etpl-reach.ts';

const table = parseEtpl(readDataText(etplCsvGz), 'twc-etpl-2024-03-20.csv');
const crosswalk = readOnet2010To2019(readDataText(onet2010To2019CsvGz), 'onet_soc_2010_to_2019_crosswalk.csv');
const cipToSoc = readCipToSoc(readDataText(cipSocCsvGz), 'soc2018_cip2020_crosswalk.csv');
const counties = readCountyCrosswalk(readDataText(txCountyWdaCsvGz), 'tx_county_wda_crosswalk.csv');
const onet = convertOnet(readOnetDir(onetDir));
const occupations = onet.bundle.occupations ?? [];
const onetCodes = new Set(occupations.map((o) => o.id));
const preparation = preparations(occupations);
const build = () =>
  convertEtpl(table, { fileName: table.file, occupations, onet2010To2019: crosswalk, counties, cipToSoc });
const conversion = build();
const { bundle } = conversion;
const programs = new Map((bundle.programs ?? []).map((p) => [p.id, p]));
const rowOf = new Map(table.rows.map((r) => [programNodeId(r.programId), r]));
const skippedGroup = (start: string) => conversion.skipped.find((g) => g.reason.startsWith(start));
const qualifiesFrom = (credentialId: string) =>
  (bundle.edges ?? []).filter((e) => e.kind === 'QUALIFIES_FOR' && e.from === credentialId).map((e) => e.to);
/** The program's own credential (not the shared diploma or any-degree credentials). */
const ownCredential = (p: Program) =>
  p.awards.find((a) => a !== HS_DIPLOMA && a !== ANY_ASSOCIATE && a !== ANY_BACHELOR) as string;

describe('ETPL parser on the real list of 20 March 2024', () => {
  it('reads every program, provider and campus county', () => {
    expect(table.rows).toHaveLength(6245);
    expect(table.malformed).toEqual([]);
    expect(new Set(table.rows.map((r) => r.providerId)).size).toBe(611);
    expect(new Set(table.rows.map((r) => r.campusCounty)).size).toBe(127);
    expect(table.rows.filter((r) => r.campusCounty === 'Hidalgo')).toHaveLength(171);
  });

  it('turns INVALID CODE and ERROR cells into missing values, keeping the raw text', () => {
    const invalidPrereq = table.rows.filter((r) => r.prerequisiteRaw === 'INVALID CODE');
    expect(invalidPrereq).toHaveLength(97);
    expect(invalidPrereq.every((r) => r.prerequisite === undefined)).toBe(true);
    const invalidOutcome = table.rows.filter((r) => r.outcomeRaw === 'INVALID CODE');
    expect(invalidOutcome).toHaveLength(34);
    expect(invalidOutcome.every((r) => r.outcome === undefined)).toBe(true);
    const invalidDelivery = table.rows.filter((r) => r.deliveryRaw === 'INVALID CODE');
    expect(invalidDelivery.length).toBeGreaterThan(0);
    expect(invalidDelivery.every((r) => r.delivery === undefined)).toBe(true);
    const weeksError = table.rows.filter((r) => r.weeksRaw === 'ERROR');
    expect(weeksError.length).toBeGreaterThan(0);
    expect(weeksError.every((r) => r.weeks === undefined)).toBe(true);
    // Everything else on the closed lists is recognised.
    expect(table.rows.filter((r) => r.prerequisite === undefined)).toHaveLength(97);
    expect(table.rows.filter((r) => r.outcome === undefined)).toHaveLength(34);
  });

  it('gives codes their punctuation and restores the CIP zero the spreadsheet dropped', () => {
    expect(cipCode('513902')).toEqual({ cip: '51.3902', padded: false });
    expect(cipCode('10605')).toEqual({ cip: '01.0605', padded: true });
    expect(cipCode('')).toEqual({ padded: false });
    expect(onetCode('31101400')).toBe('31-1014.00');
    expect(onetCode('51412106')).toBe('51-4121.06');
    expect(onetCode('3110140')).toBeUndefined();
    expect(table.rows.some((r) => r.cipRaw === '10605' && r.cip === '01.0605')).toBe(true);
    expect(table.rows.find((r) => r.programId === '35456')?.onetCodes).toEqual(['31-1014.00']);
  });

  it('upper-cases the campus state (one row says Tx)', () => {
    expect(table.rows.some((r) => r.campusState === 'TX' && r.campusCounty === 'Dallas')).toBe(true);
    expect(table.rows.every((r) => r.campusState === r.campusState.toUpperCase())).toBe(true);
  });
});

describe('county crosswalk', () => {
  it('has all 254 counties in the 28 workforce areas, single-county boards restored', () => {
    expect(counties.counties).toHaveLength(254);
    expect(new Set(counties.counties.map((c) => c.board)).size).toBe(28);
    expect(counties.byName.get('hidalgo')).toEqual({ fips: '48215', name: 'Hidalgo', board: 23 });
    expect(counties.byName.get(countyKey('Cameron'))?.board).toBe(24);
    expect(counties.byName.get(countyKey('Dallas'))?.fips).toBe('48113');
    expect(counties.byName.get(countyKey('Tarrant'))?.fips).toBe('48439');
    expect(counties.byName.get(countyKey('Travis'))?.fips).toBe('48453');
    expect(counties.corrected).toHaveLength(4);
  });
});

describe('ETPL → bundle', () => {
  it('validates with the project validator (with the O*NET occupations it points at)', async () => {
    const result = await validateBundle(combineBundles(onet.bundle, bundle), noExistingIds);
    expect(result.ok ? [] : result.errors.slice(0, 5)).toEqual([]);
  });

  it('builds regions county → workforce area → tx → us', () => {
    const regions = new Map((bundle.regions ?? []).map((r) => [r.id, r]));
    expect([...regions.values()].filter((r) => r.kind === 'workforce-area')).toHaveLength(28);
    expect([...regions.values()].filter((r) => r.kind === 'county')).toHaveLength(254);
    const chain: string[] = [];
    for (let id: string | undefined = 'tx-48215'; id; id = regions.get(id)?.parentId) chain.push(id);
    expect(chain).toEqual(['tx-48215', 'tx-wda-23', 'tx', 'us']);
    expect(regions.get('tx-48215')?.name).toBe('Hidalgo County, TX');
  });

  it('loads every row but those it reports, with ids from the source', () => {
    const reported = conversion.skipped
      .filter((g) => g.reason.startsWith('campus outside') || g.reason.startsWith('no length'))
      .reduce((n, g) => n + g.count, 0);
    expect(programs.size + reported).toBe(table.rows.length);
    // Each row left out is listed, with its program id.
    const listed = conversion.skipped
      .filter((g) => g.reason.startsWith('campus outside') || g.reason.startsWith('no length'))
      .flatMap((g) => g.examples.map((e) => /program (\d+)/.exec(e)?.[1]));
    expect(listed).toHaveLength(reported);
    for (const id of listed) expect(programs.has(programNodeId(id as string))).toBe(false);
    expect(table.rows.every((r) => r.status === 'Approved')).toBe(true);
    for (const p of programs.values()) expect(rowOf.get(p.id)).toBeDefined();
    expect(new Set(bundle.partners?.map((p) => p.id))).toEqual(
      new Set([...programs.values()].map((p) => p.providerId)),
    );
    expect(bundle.partners?.every((p) => /^tx-etpl-provider-\d+$/.test(p.id))).toBe(true);
  });

  it('places Hidalgo County campuses in tx-48215 (all 171 have a length and load)', () => {
    const hidalgo = [...programs.values()].filter((p) => p.regionIds?.includes(countyRegionId('48215')));
    expect(hidalgo).toHaveLength(171);
    expect(hidalgo.every((p) => rowOf.get(p.id)?.campusCounty === 'Hidalgo')).toBe(true);
  });

  it('costs required tuition and fees plus books, and marks CIP codes', () => {
    const p = programs.get('tx-etpl-35456') as Program;
    expect(p).toMatchObject({ cost: 4300 + 1500, cip: '51.3902', modality: 'in-person', requires: [[HS_DIPLOMA]] });
    for (const q of programs.values()) {
      const row = rowOf.get(q.id) as EtplRow;
      expect(q.cost).toBeCloseTo((row.tuition ?? 0) + (row.books ?? 0), 2);
    }
  });

  it('takes months from weeks, and from contact hours where weeks are 0, ERROR or a placeholder', () => {
    let fromHours = 0;
    let apprenticeships = 0;
    for (const p of programs.values()) {
      const row = rowOf.get(p.id) as EtplRow;
      const hours = row.contactHours as number;
      let months: number;
      if (row.weeks !== undefined && row.weeks > 0 && row.weeks <= 520) months = row.weeks * MONTHS_PER_WEEK;
      else if (p.features?.includes('Apprenticeship')) {
        apprenticeships += 1;
        months = Math.min(240, (hours / APPRENTICESHIP_INSTRUCTION_HOURS_PER_YEAR) * 12);
      } else months = (hours / CONTACT_HOURS_PER_WEEK) * MONTHS_PER_WEEK;
      if (!(row.weeks !== undefined && row.weeks > 0 && row.weeks <= 520)) fromHours += 1;
      // Months are kept to two decimals.
      expect(Math.abs(p.months - Math.max(0.01, months))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    // The 99999-week placeholders are all apprenticeships.
    expect(apprenticeships).toBeGreaterThanOrEqual(
      table.rows.filter((r) => r.weeks === 99999 && (r.contactHours ?? 0) > 0).length,
    );
    // An apprenticeship with weeks ERROR: its 180 hours of related instruction are 15 months.
    const apprenticeship = rowOf.get('tx-etpl-32179') as EtplRow;
    expect([apprenticeship.weeksRaw, apprenticeship.contactHours, apprenticeship.outcome]).toEqual([
      'ERROR',
      180,
      'apprenticeship',
    ]);
    expect(programs.get('tx-etpl-32179')?.months).toBe(15);
    expect(fromHours).toBeGreaterThan(250);
    expect(programs.get(programNodeId('35456'))?.months).toBeCloseTo((6 * 12) / 52, 2);
    const noLength = table.rows.filter(
      (r) => !(r.weeks !== undefined && r.weeks > 0 && r.weeks <= 520) && !(r.contactHours && r.contactHours > 0),
    );
    expect(skippedGroup('no length')?.count).toBe(noLength.length);
    for (const r of noLength) expect(programs.has(programNodeId(r.programId))).toBe(false);
  });

  it('reports INVALID CODE prerequisites and outcomes and still loads the programs', () => {
    const prereq = [...programs.values()].filter((p) => rowOf.get(p.id)?.prerequisiteRaw === 'INVALID CODE');
    expect(skippedGroup('Academic PreRequisites is INVALID CODE')?.count).toBe(prereq.length);
    expect(prereq.every((p) => p.requires === undefined)).toBe(true);
    const outcome = [...programs.values()].filter((p) => rowOf.get(p.id)?.outcomeRaw === 'INVALID CODE');
    expect(skippedGroup('Program Outcome is INVALID CODE')?.count).toBe(outcome.length);
    const credentials = new Map((bundle.credentials ?? []).map((c) => [c.id, c]));
    expect(outcome.every((p) => credentials.get(ownCredential(p))?.type === 'Other')).toBe(true);
    const delivery = [...programs.values()].filter((p) => rowOf.get(p.id)?.deliveryRaw === 'INVALID CODE');
    expect(delivery.every((p) => p.modality === undefined)).toBe(true);
    expect(skippedGroup('Delivery Method is INVALID CODE')?.count).toBe(delivery.length);
  });

  it('shares one diploma and generic degree credentials between outcomes and prerequisites', () => {
    const secondary = [...programs.values()].filter(
      (p) => rowOf.get(p.id)?.outcomeRaw === 'Secondary school diploma or its equivalent',
    );
    expect(secondary.length).toBeGreaterThan(0);
    expect(secondary.every((p) => p.awards.length === 1 && p.awards[0] === HS_DIPLOMA)).toBe(true);
    const associate = [...programs.values()].filter((p) => rowOf.get(p.id)?.outcomeRaw === 'Associates Degree');
    expect(associate.every((p) => p.awards.includes(ANY_ASSOCIATE))).toBe(true);
    const needsAssociate = [...programs.values()].filter(
      (p) => rowOf.get(p.id)?.prerequisiteRaw === 'Associates Degree',
    );
    expect(
      needsAssociate.every((p) => JSON.stringify(p.requires) === JSON.stringify([[ANY_ASSOCIATE, ANY_BACHELOR]])),
    ).toBe(true);
  });

  it('crosswalks 2010 O*NET codes to 2019, reads broad groups, and reports codes that match nothing', () => {
    // 51-4121.06 (Welders, 2010) became 51-4121.00 in the 2019 taxonomy.
    expect(onetCodes.has('51-4121.06')).toBe(false);
    expect(crosswalk.get('51-4121.06')).toEqual(['51-4121.00']);
    const welder = [...programs.values()].find((p) => rowOf.get(p.id)?.onetCodes.join() === '51-4121.06') as Program;
    expect(qualifiesFrom(ownCredential(welder))).toContain('51-4121.00');
    // 51-4120 is the SOC broad group of 51-4121 and 51-4122.
    const broad = [...programs.values()].find((p) => rowOf.get(p.id)?.onetCodes.join() === '51-4120.00') as Program;
    expect(qualifiesFrom(ownCredential(broad))).toEqual(expect.arrayContaining(['51-4121.00', '51-4122.00']));
    // Every edge points at an O*NET 29.3 occupation.
    expect((bundle.edges ?? []).every((e) => onetCodes.has(e.to))).toBe(true);
    const none = skippedGroup('O*NET code matches no O*NET occupation');
    expect(none?.count).toBeGreaterThan(0);
    for (const example of none?.examples ?? []) {
      const code = example.split(': ')[1] as string;
      expect(onetCodes.has(code) || crosswalk.has(code)).toBe(false);
    }
  });

  it('gives programs without a usable O*NET code the occupations of their CIP code', () => {
    expect(cipToSoc.get('51.3902')).toContain('31-1131');
    expect(cipToSoc.has('99.9999')).toBe(false);
    const without = [...programs.values()].filter((p) => {
      const row = rowOf.get(p.id) as EtplRow;
      // Programs with their own credential (a shared certification gathers other programs' codes).
      return row.onetCodes.length === 0 && row.badOnetCells.length === 0 && ownCredential(p)?.startsWith(`${p.id}-`);
    });
    expect(without.length).toBeGreaterThan(50);
    let linked = 0;
    for (const p of without) {
      const socs = cipToSoc.get(p.cip ?? '') ?? [];
      // Those of them the program reaches (etpl-reach.ts: the README's "Reach").
      const row = rowOf.get(p.id) as EtplRow;
      const reach = rowReach(row, p.months);
      const expected = occupations
        .filter((o) => socs.includes(o.id.slice(0, 7)) && reaches(reach, preparation.get(o.id)))
        .map((o) => o.id);
      expect(qualifiesFrom(ownCredential(p)).sort()).toEqual(expected.sort());
      if (expected.length > 0) linked += 1;
    }
    expect(linked).toBeGreaterThan(50);
  });

  it('loads distance education statewide and leaves out other campuses outside Texas', () => {
    const outside = table.rows.filter((r) => r.campusState !== 'TX');
    expect(outside.length).toBeGreaterThan(0);
    for (const r of outside) {
      const p = programs.get(programNodeId(r.programId));
      if (r.delivery === 'online') expect(p?.regionIds).toEqual(['tx']);
      else expect(p).toBeUndefined();
    }
    // Colorado's El Paso County is not Texas's (48141).
    const colorado = outside.filter((r) => r.campusState === 'CO' && r.campusCounty === 'El Paso');
    expect(colorado.length).toBeGreaterThan(0);
    expect(skippedGroup('campus outside Texas')?.count).toBe(outside.filter((r) => r.delivery !== 'online').length);
    const online = [...programs.values()].filter((p) => p.modality === 'online');
    expect(online.every((p) => p.regionIds?.includes('tx'))).toBe(true);
  });

  it('gives supports from the transit and child-care flags, and Apprenticeship to apprenticeships', () => {
    const transit = (bundle.supports ?? []).filter((s) => s.kind === 'Transportation');
    const flagged = [...programs.values()].filter((p) => rowOf.get(p.id)?.transit === true);
    expect(transit.flatMap((s) => s.programIds ?? []).sort()).toEqual(flagged.map((p) => p.id).sort());
    const childcare = (bundle.supports ?? []).filter((s) => s.kind === 'Childcare');
    expect(childcare.flatMap((s) => s.programIds ?? []).length).toBe(
      [...programs.values()].filter((p) => rowOf.get(p.id)?.childcare === true).length,
    );
    const apprenticeships = [...programs.values()].filter(
      (p) => rowOf.get(p.id)?.outcomeRaw === 'Certificate of completion of an apprenticeship',
    );
    expect(apprenticeships.every((p) => p.features?.includes('Apprenticeship'))).toBe(true);
  });

  it('gives every workforce area the four entry points', () => {
    expect(bundle.entryPoints).toHaveLength(28 * 4);
    expect(bundle.entryPoints?.find((e) => e.id === 'tx-wda-23-ep-hs-graduate')).toMatchObject({
      holds: [HS_DIPLOMA],
      regionIds: ['tx-wda-23'],
    });
  });

  it('is the same bundle on a second build (stable ids, stable order)', () => {
    expect(build()).toEqual(conversion);
  });
});
