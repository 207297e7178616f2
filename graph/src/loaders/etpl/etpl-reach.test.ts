import { describe, expect, it } from 'vitest';
import { readDataText } from '../data-file.ts';
import { convertOnet, readOnetDir } from '../onet.ts';
import { onetDir } from '../real-data.ts';
import { convertEtpl, GENERIC_CREDENTIAL_NAMES, nameSlug, programNodeId } from './etpl-bundle.ts';
import { readCipToSoc, readCountyCrosswalk, readOnet2010To2019 } from './etpl-crosswalks.ts';
import { cipSocCsvGz, etplCsvGz, onet2010To2019CsvGz, txCountyWdaCsvGz } from './etpl-files.ts';
import { type EtplTable, parseEtpl } from './etpl-parser.ts';
import { educationLevel, type PreparedOccupation, preparations, programReach, REACH, reaches } from './etpl-reach.ts';

const full = parseEtpl(readDataText(etplCsvGz), 'twc-etpl-2024-03-20.csv');
const onet = convertOnet(readOnetDir(onetDir));
const occupations = onet.bundle.occupations ?? [];
const options = {
  fileName: full.file,
  occupations,
  onet2010To2019: readOnet2010To2019(readDataText(onet2010To2019CsvGz), 'onet_soc_2010_to_2019_crosswalk.csv'),
  counties: readCountyCrosswalk(readDataText(txCountyWdaCsvGz), 'tx_county_wda_crosswalk.csv'),
  cipToSoc: readCipToSoc(readDataText(cipSocCsvGz), 'soc2018_cip2020_crosswalk.csv'),
};

/** A list of only these rows of the real list, by Program ID. */
function fixture(...programIds: string[]): EtplTable {
  const rows = programIds.map((id) => {
    const row = full.rows.find((r) => r.programId === id);
    if (!row) throw new Error(`no program ${id} in the list`);
    return row;
  });
  return { ...full, rows, malformed: [] };
}

function qualifiesOf(table: EtplTable) {
  const { bundle, skipped, notes } = convertEtpl(table, options);
  const awards = new Map((bundle.programs ?? []).map((p) => [p.id, p.awards]));
  const of = (programId: string) => {
    const own = awards.get(programNodeId(programId)) ?? [];
    return (bundle.edges ?? [])
      .filter((e) => e.kind === 'QUALIFIES_FOR' && own.includes(e.from))
      .map((e) => e.to)
      .sort();
  };
  return { of, skipped, notes };
}

describe('reach: which listed occupations a program leads to', () => {
  it('drops a seminar’s and a bootcamp’s managerial and professional codes, keeps short routes into entry jobs', () => {
    // 33776 Radiological Safety Seminar, 0.02 months, lists Medical Equipment Repairers,
    // 29-9099.01 Midwives and Medical and Health Services Managers; 31777 ITIL
    // Foundations, 0.05 months → Computer User Support Specialists (2010 15-1151.00); 9283 Nurse
    // Assistant, 1.15 months → Nursing Assistants (2010 31-1014.00); 10239 Basic Truck Driver
    // Training, 0.92 months → Heavy and Tractor-Trailer Truck Drivers; 10914 Associate Degree
    // Nursing → Registered Nurses.
    const { of, skipped, notes } = qualifiesOf(fixture('33776', '31777', '9283', '10239', '10914'));
    expect(of('33776')).toEqual([]);
    expect(of('31777')).toEqual([]);
    expect(of('9283')).toEqual(['31-1131.00']);
    expect(of('10239')).toEqual(['53-3032.00']);
    expect(of('10914')).toEqual(['29-1141.00']);

    const tooFar = skipped.find((g) => g.reason.includes('more than a program under 1 month (not a degree) gives'));
    const management = skipped.find((g) => g.reason.startsWith('QUALIFIES_FOR left out: a management occupation'));
    // The seminar's Medical Equipment Repairers and Midwives, the ITIL course's support specialists.
    expect(tooFar?.count).toBe(3);
    expect(management?.examples).toEqual([
      "tx-etpl-33776-certification → 11-9111.00 Medical and Health Services Managers (Job Zone 4, Bachelor's Degree); quickest: row 1241, program 33776, 0.02 months",
    ]);
    const reach = notes.find((n) => n.startsWith('reach'));
    expect(reach).toMatch(
      /^reach \(README\): of the 7 QUALIFIES_FOR edges .*, 4 are left out .*\(1 management occupations without a degree; 3 too far for a program under 1 month \(not a degree\)\), leaving 3; 2 programs that list occupations are left with no QUALIFIES_FOR/,
    );
  });

  it('lets a credential that a short program also awards qualify only for what the short program reaches', () => {
    // tx-cert-microsoft-certifications: 35027 (6.46 months) lists Computer Systems Analysts (Job
    // Zone 3); 35028 Microsoft Office Specialist (0.12 months) awards the same credential.
    const alone = qualifiesOf(fixture('35027'));
    expect(alone.of('35027')).toContain('15-1211.00');
    const both = qualifiesOf(fixture('35027', '35028'));
    expect(both.of('35028')).not.toContain('15-1211.00');
    expect(both.of('35027')).toEqual(both.of('35028'));
  });

  it('gives a program naming its certification "Certificate of Completion" its own credential', () => {
    // 21 providers write these words for unrelated programs (30288 CDL Training among them).
    const generic = full.rows.filter(
      (r) => r.outcome === 'industry-certification' && nameSlug(r.credentialName) === 'certificate-of-completion',
    );
    expect(generic.length).toBeGreaterThan(20);
    const ids = ['30288', ...generic.filter((r) => r.programId !== '30288').map((r) => r.programId)].slice(0, 5);
    const { bundle, notes } = convertEtpl(fixture(...ids), options);
    for (const id of ids)
      expect(bundle.programs?.find((p) => p.id === programNodeId(id))?.awards).toEqual([
        `${programNodeId(id)}-certification`,
      ]);
    expect(bundle.credentials?.some((c) => c.id === 'tx-cert-certificate-of-completion')).toBe(false);
    expect(notes).toContainEqual(
      expect.stringMatching(/^5 programs name a certification or licence by a generic word/),
    );
    expect(GENERIC_CREDENTIAL_NAMES.has('certificate-of-completion')).toBe(true);
  });

  it('lets a program that requires a degree reach as far as the degree', () => {
    const short = programReach('other', 0.1);
    const afterBachelor = programReach('other', 0.1, 'bachelor');
    const managers = preparations(occupations).get('11-9111.00');
    expect(reaches(short, managers)).toBe(false);
    expect(reaches(afterBachelor, managers)).toBe(true);
    expect(programReach('other', 30).tier).toBe('24-months-or-degree');
    expect(programReach('associate', 10).tier).toBe('24-months-or-degree');
    expect(programReach('other', 12).tier).toBe('12-24-months');
    expect(programReach('other', 1).tier).toBe('1-12-months');
    expect(programReach('bachelor', 48)).toEqual({ ...REACH.bachelor, degree: true });
    // A degree row of a few weeks is a course; what it requires still counts.
    expect(programReach('bachelor', 0.26)).toEqual({ ...REACH['under-1-month'], degree: false });
    expect(programReach('bachelor', 0.5, 'associate')).toEqual({ ...REACH['24-months-or-degree'], degree: true });
  });

  it('reaches the Job Zone of the tier, one more with no more schooling than it gives, management with a degree', () => {
    const r = { ...REACH['under-1-month'], degree: false };
    const step = { ...REACH['1-12-months'], degree: false };
    // One Job Zone further when the occupation asks for no more schooling than some college.
    expect(reaches(step, { jobZone: 4, education: 2, jobZoneFrom: 'onet', management: false })).toBe(true);
    expect(reaches(step, { jobZone: 4, education: 6, jobZoneFrom: 'onet', management: false })).toBe(false);
    expect(reaches(step, { jobZone: 5, education: 2, jobZoneFrom: 'onet', management: false })).toBe(false);
    // Management occupations only with a degree.
    expect(reaches(step, { jobZone: 3, education: 2, jobZoneFrom: 'onet', management: true })).toBe(false);
    expect(
      reaches({ ...step, degree: true }, { jobZone: 3, education: 2, jobZoneFrom: 'onet', management: true }),
    ).toBe(true);
    // Under a month: Job Zone 2 at most, whatever the schooling; no job zone at all keeps the link.
    expect(reaches(r, { jobZone: 2, education: 6, jobZoneFrom: 'onet', management: false })).toBe(true);
    expect(reaches(r, { jobZone: 3, education: 2, jobZoneFrom: 'onet', management: false })).toBe(false);
    expect(reaches(r, { jobZone: 3, jobZoneFrom: 'onet', management: false })).toBe(false);
    expect(reaches(r, { jobZoneFrom: 'none', management: false })).toBe(true);
    expect(reaches(r, undefined)).toBe(true);
  });

  it("reads O*NET's education names and gives All Other codes the median job zone of their minor group", () => {
    expect(educationLevel('High School Diploma')).toBe(2);
    expect(educationLevel("Associate's Degree (or other 2-year degree)")).toBe(5);
    expect(educationLevel('Post-Secondary Certificate')).toBe(3);
    expect(educationLevel('Post-Baccalaureate Certificate')).toBe(7);
    expect(educationLevel('Doctoral Degree')).toBe(11);
    expect(educationLevel(undefined)).toBeUndefined();
    const group: PreparedOccupation[] = [
      { id: '11-9111.00', jobZone: 4, education: "Bachelor's Degree" },
      { id: '11-9051.00', jobZone: 3 },
      { id: '11-9199.00' },
      { id: '99-9999.00' },
    ];
    const prepared = preparations(group);
    // The median of 4 and 3 (the higher middle value).
    expect(prepared.get('11-9199.00')).toEqual({
      jobZone: 4,
      education: undefined,
      jobZoneFrom: 'minor-group',
      management: true,
    });
    expect(prepared.get('11-9111.00')).toEqual({ jobZone: 4, education: 6, jobZoneFrom: 'onet', management: true });
    expect(prepared.get('99-9999.00')).toEqual({ education: undefined, jobZoneFrom: 'none', management: false });
  });
});
