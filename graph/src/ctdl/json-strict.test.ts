import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, lineColumnAt, parseJsonStrict } from './json-strict.ts';

function failure(text: string, label = 'doc.json'): JsonSyntaxError {
  try {
    parseJsonStrict(text, label);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error('expected a JsonSyntaxError');
}

describe('parseJsonStrict', () => {
  it('parses valid JSON, with or without a byte-order mark', () => {
    expect(parseJsonStrict('{"a": [1, 2]}', 'x.json')).toEqual({ a: [1, 2] });
    expect(parseJsonStrict('\uFEFF  [true]\n', 'x.json')).toEqual([true]);
  });

  it('names the file, the line and the column, and explains concatenated documents', () => {
    const error = failure('{\n  "a": 1\n}\n\n{\n  "b": 2\n}\n', 'two.json');
    expect(error.fileLabel).toBe('two.json');
    expect(error.line).toBe(5);
    expect(error.column).toBe(1);
    expect(error.message).toMatch(/^two\.json: not valid JSON at line 5, column 1: /);
    expect(error.message).toMatch(/more than one JSON document/);
  });

  it('explains a missing comma and a trailing comma', () => {
    const missing = failure('[\n  "a"\n  "b"\n]');
    expect(missing.line).toBe(3);
    expect(missing.message).toMatch(/comma is missing/);
    expect(missing.message).toMatch(/the text there: "b"/);
    const trailing = failure('{"a": 1,\n}');
    expect(trailing.line).toBe(2);
    expect(trailing.message).toMatch(/trailing comma/);
  });

  it('rejects an empty file and a truncated one', () => {
    expect(failure('  \n').message).toBe('doc.json: not valid JSON: the file is empty');
    const truncated = failure('{"a": [1, 2');
    expect(truncated.message).toMatch(/^doc\.json: not valid JSON/);
    expect(truncated.line).toBe(1);
  });

  it('counts lines and columns from 1', () => {
    expect(lineColumnAt('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumnAt('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
