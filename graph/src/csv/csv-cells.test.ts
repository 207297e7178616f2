import { describe, expect, it } from 'vitest';
import { CellFormatError, formatCell, parseCell, type RawCell } from './csv-cells.ts';
import type { CellSpec } from './csv-columns.ts';

const cell = (text: string, quoted = false): RawCell => ({ text, quoted });
const spec = (kind: Exclude<CellSpec['kind'], 'pairs'>): CellSpec => ({ kind });
const roles: CellSpec = { kind: 'pairs', fields: ['partnerId', 'role'] };

describe('parseCell', () => {
  it('reads a blank cell as absent, whatever the kind', () => {
    for (const kind of ['text', 'code', 'number', 'boolean', 'list', 'groups'] as const) {
      expect(parseCell(cell(''), spec(kind))).toEqual({ present: false, problems: [] });
      expect(parseCell(cell('   '), spec(kind))).toEqual({ present: false, problems: [] });
    }
  });

  it('reads a quoted empty cell as an empty text or list, and as absent otherwise', () => {
    expect(parseCell(cell('', true), spec('text')).value).toBe('');
    expect(parseCell(cell('', true), spec('list')).value).toEqual([]);
    expect(parseCell(cell('', true), spec('groups')).value).toEqual([]);
    expect(parseCell(cell('', true), roles).value).toEqual([]);
    expect(parseCell(cell('', true), spec('number')).present).toBe(false);
    expect(parseCell(cell('', true), spec('code')).present).toBe(false);
  });

  it('keeps text exactly and trims codes', () => {
    expect(parseCell(cell('  BAS in IT, evening '), spec('text')).value).toBe('  BAS in IT, evening ');
    expect(parseCell(cell(' wa-king '), spec('code')).value).toBe('wa-king');
  });

  it.each([
    ['0', 0],
    ['44553.6', 44553.6],
    ['44,553.60', 44553.6],
    ['1,234,567', 1234567],
    [' 12 ', 12],
    ['.5', 0.5],
    ['-3', -3],
    ['1e+21', 1e21],
  ])('reads the number %s', (text, value) => {
    expect(parseCell(cell(text), spec('number'))).toEqual({ present: true, value, problems: [] });
  });

  it.each(['abc', '1,5', '12,34.5', '$1200', '12%', '1 200', '1.2.3', '--1', 'e5'])(
    'rejects %s as a number, keeping the text',
    (text) => {
      const parsed = parseCell(cell(text), spec('number'));
      expect(parsed.value).toBe(text);
      expect(parsed.problems).toEqual([{ at: [], message: expect.stringContaining('is not a number') }]);
    },
  );

  it('reads true/false, yes/no and 1/0 in any case', () => {
    for (const text of ['true', 'TRUE', 'Yes', '1']) expect(parseCell(cell(text), spec('boolean')).value).toBe(true);
    for (const text of ['false', 'False', 'NO', '0']) expect(parseCell(cell(text), spec('boolean')).value).toBe(false);
    expect(parseCell(cell('maybe'), spec('boolean')).problems).toHaveLength(1);
  });

  it('splits lists, groups and pairs, ignoring spaces and empty items', () => {
    expect(parseCell(cell(' wa | wa-king |'), spec('list')).value).toEqual(['wa', 'wa-king']);
    expect(parseCell(cell('ged|hsd;it-cert'), spec('groups')).value).toEqual([['ged', 'hsd'], ['it-cert']]);
    expect(parseCell(cell('ged | hsd ; ; it-cert;'), spec('groups')).value).toEqual([['ged', 'hsd'], ['it-cert']]);
    expect(parseCell(cell('king-cc:Lead | ns:emp:1 : Employer'), roles).value).toEqual([
      { partnerId: 'king-cc', role: 'Lead' },
      { partnerId: 'ns:emp:1', role: 'Employer' },
    ]);
  });

  it('reports a pair without its separator at its index', () => {
    const parsed = parseCell(cell('king-cc:Lead|it-employer|:Funder'), roles);
    expect(parsed.problems.map((p) => p.at)).toEqual([[1], [2]]);
    expect(parsed.problems[0]?.message).toBe('"it-employer" must be written partnerId:role');
  });
});

describe('formatCell', () => {
  it('leaves an absent field blank and quotes an empty text or list', () => {
    expect(formatCell(undefined, spec('text'), 'p')).toBeUndefined();
    expect(formatCell('', spec('text'), 'p')).toEqual({ text: '', quoted: true });
    expect(formatCell('  ', spec('text'), 'p')).toEqual({ text: '  ', quoted: true });
    expect(formatCell([], spec('list'), 'p')).toEqual({ text: '', quoted: true });
    expect(formatCell([], roles, 'p')).toEqual({ text: '', quoted: true });
  });

  it('writes each kind the way parseCell reads it back', () => {
    const cases: [unknown, CellSpec][] = [
      ['Nursing, evening', spec('text')],
      ['wa-king', spec('code')],
      [44553.6, spec('number')],
      [1e21, spec('number')],
      [false, spec('boolean')],
      [['wa', 'wa-king'], spec('list')],
      [[['ged', 'hsd'], ['it-cert']], spec('groups')],
      [[{ partnerId: 'ns:emp', role: 'Employer' }], roles],
    ];
    for (const [value, cellSpec] of cases) {
      const formatted = formatCell(value, cellSpec, 'p');
      expect(formatted).toBeDefined();
      expect(parseCell(formatted as RawCell, cellSpec).value).toEqual(value);
    }
  });

  it('refuses values that would not read back the same', () => {
    expect(() => formatCell(['a|b'], spec('list'), 'programs[0].awards')).toThrow(CellFormatError);
    expect(() => formatCell([['a;b']], spec('groups'), 'p')).toThrow(/cannot be a list item/);
    expect(() => formatCell([[]], spec('groups'), 'p')).toThrow(/empty group/);
    expect(() => formatCell([{ partnerId: 'a', role: 'x:y' }], roles, 'p')).toThrow(/cannot be a list item/);
    expect(() => formatCell(Number.NaN, spec('number'), 'p')).toThrow(/must be a number/);
    expect(() => formatCell(' wa', spec('code'), 'p')).toThrow(/surrounding spaces/);
  });
});
