/**
 * Fuzzing the importers with input that is invalid by construction: a worked-example bundle
 * with wrong types, dangling references, duplicates, impossible counts, bad ids and unknown
 * fields — as JSON, written out as a CSV folder (with unreadable cells), and as a CTDL document
 * (broken JSON, a mangled `@graph`). Every refusal is the validation result (or the reader's
 * InputError) with each issue naming its path, nothing else is thrown, and the graph — the
 * sample region — exports exactly as before. FUZZ_RUNS sets the number of cases per importer.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rioGrandeBundle } from '../../test/fixtures.ts';
import { resetGraph, testDb } from '../../test/neo4j.ts';
import { bundleToCsvFolder } from '../csv/csv-folder.ts';
import { bundleToCtdl } from '../ctdl/index.ts';
import type { Bundle } from '../model/bundle.ts';
import { graphVersion } from '../snapshot/snapshot.ts';
import { exportBundle } from './export.ts';
import { importBundle } from './import-bundle.ts';
import { fromJson, InputError, parseJsonFile, readInput } from './read-input.ts';
import { SAMPLE_BUNDLE } from './sample.ts';
import type { BundleIssue } from './validate.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const db = testDb();
const scratch = mkdtempSync(join(tmpdir(), 'import-fuzz-'));
const base = rioGrandeBundle();
let before: Bundle;
let versionBefore: number;

beforeAll(async () => {
  await resetGraph(db);
  expect((await importBundle(db, JSON.parse(readFileSync(SAMPLE_BUNDLE, 'utf8')), { replace: true })).ok).toBe(true);
  before = await exportBundle(db);
  versionBefore = await graphVersion(db);
});
afterAll(async () => {
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
});

type Rec = Record<string, unknown>;
type Draft = Record<string, unknown>;

/** A change that makes the bundle invalid, and the path an issue must name. */
interface Mutation {
  apply(bundle: Draft): string;
  /** Whether the result can still be written as CSV (a cell holds text, whatever its type). */
  csv: boolean;
}

const COLLECTIONS = Object.entries(base)
  .filter(([, v]) => Array.isArray(v) && v.length > 0)
  .map(([k]) => k);
const list = (bundle: Draft, key: string) => bundle[key] as Rec[];
/** The fields each collection's records have in the worked example. */
const FIELDS = new Map(
  COLLECTIONS.map((key) => [key, new Set((base[key as keyof Bundle] as Rec[]).flatMap((item) => Object.keys(item)))]),
);
const pick = <T>(items: readonly T[], n: number) => items[n % items.length] as T;

/** Where an entity names another: [collection, field, is a list]. */
const REFERENCES: [string, string, boolean][] = [
  ['programs', 'providerId', false],
  ['programs', 'awards', true],
  ['programs', 'regionIds', true],
  ['credentials', 'issuerId', false],
  ['supports', 'programIds', true],
  ['entryPoints', 'enters', true],
  ['pathways', 'programIds', true],
  ['outcomes', 'programId', false],
  ['transitions', 'toProgramId', false],
  ['wageThresholds', 'regionId', false],
  ['occupationWages', 'occupationId', false],
  ['occupations', 'sectorIds', true],
  ['edges', 'to', false],
];

/** A value of another type than `value` (never one the schema could also accept). */
function otherType(value: unknown, n: number): unknown {
  if (typeof value === 'string') return pick([42, true, ['x'], { x: 1 }], n);
  if (typeof value === 'number') return pick([String(value), true, [value], { n: value }], n);
  if (typeof value === 'boolean') return pick(['yes', 1, [value]], n);
  if (Array.isArray(value)) return pick(['a|b', 3, { 0: 'x' }], n);
  return pick(['x', 7, [1]], n);
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // A field of an entity given a value of the wrong type.
  fc.tuple(fc.nat(), fc.nat(), fc.nat(), fc.nat()).map(([k, i, f, t]) => ({
    csv: false,
    apply(bundle: Draft) {
      const key = pick(COLLECTIONS, k);
      const index = i % list(bundle, key).length;
      const item = list(bundle, key)[index] as Rec;
      // A field the schema has (an unknown one added by an earlier mutation is reported on its record).
      const field = pick(
        Object.keys(item)
          .filter((name) => FIELDS.get(key)?.has(name))
          .sort(),
        f,
      );
      item[field] = otherType(item[field], t);
      return `${key}[${index}].${field}`;
    },
  })),
  // A reference to an id that is neither in the bundle nor in the graph.
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([r, i, n]) => ({
    csv: true,
    apply(bundle: Draft) {
      const [key, field, isList] = pick(REFERENCES, r);
      const index = i % list(bundle, key).length;
      const item = list(bundle, key)[index] as Rec;
      if (!isList) {
        item[field] = `zz-missing-${n}`;
        return `${key}[${index}].${field}`;
      }
      const ids = [...((item[field] as string[] | undefined) ?? []), `zz-missing-${n}`];
      item[field] = ids;
      return `${key}[${index}].${field}[${ids.length - 1}]`;
    },
  })),
  // The same record twice (same id, or the same key for rows without one).
  fc.tuple(fc.nat(), fc.nat()).map(([k, i]) => ({
    csv: true,
    apply(bundle: Draft) {
      const key = pick(COLLECTIONS, k);
      const items = list(bundle, key);
      items.push(structuredClone(items[i % items.length] as Rec));
      return `${key}[`;
    },
  })),
  // An impossible count: negative, fractional, or above its denominator.
  fc
    .tuple(fc.nat(), fc.constantFrom('negative', 'fraction', 'above'), fc.integer({ min: 1, max: 1000 }))
    .map(([i, how, by]) => ({
      csv: true,
      apply(bundle: Draft) {
        const index = i % list(bundle, 'outcomes').length;
        const outcome = list(bundle, 'outcomes')[index] as Rec;
        if (how === 'negative') outcome.completed = -by;
        else if (how === 'fraction') outcome.completed = by + 0.5;
        else outcome.completed = (outcome.enrolled as number) + by;
        return `outcomes[${index}]`;
      },
    })),
  // An id that is not an id.
  fc
    .tuple(fc.nat(), fc.nat(), fc.constantFrom('', 'has space', '-leading', 'x'.repeat(129), 'tab\there', 'ünï'))
    .map(([k, i, id]) => ({
      // The CSV writer itself refuses an empty id or one with surrounding spaces.
      csv: id !== '' && id.trim() === id,
      apply(bundle: Draft) {
        const keys = COLLECTIONS.filter((key) => typeof list(bundle, key)[0]?.id === 'string');
        const key = pick(keys, k);
        const index = i % list(bundle, key).length;
        (list(bundle, key)[index] as Rec).id = id;
        return `${key}[${index}].id`;
      },
    })),
  // A field the schema does not have.
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('colour', 'Name', '__proto__x', 'id ')).map(([k, i, field]) => ({
    csv: false,
    apply(bundle: Draft) {
      const key = pick(COLLECTIONS, k);
      const index = i % list(bundle, key).length;
      (list(bundle, key)[index] as Rec)[field] = 'x';
      return `${key}[${index}]`;
    },
  })),
  // The bundle's own header.
  fc
    .constantFrom<[string, unknown]>(['version', 2], ['version', '1.1'], ['format', 'pathway-bundel'], ['source', 'me'])
    .map(([field, value]) => ({
      csv: false,
      apply(bundle: Draft) {
        bundle[field] = value;
        return field;
      },
    })),
);

function checkRefusal(errors: BundleIssue[], expected: string[]): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const issue of errors) {
    expect(typeof issue.path === 'string' && issue.path.length > 0, JSON.stringify(issue)).toBe(true);
    expect(typeof issue.message === 'string' && issue.message.length > 0, JSON.stringify(issue)).toBe(true);
  }
  const paths = errors.map((e) => e.path);
  for (const path of expected)
    expect(
      // The place itself, or the field or record around it (a later mutation may have replaced the whole field).
      paths.some((p) => p.startsWith(path) || (p !== '(bundle)' && path.startsWith(p))),
      `${path} in ${paths.join(', ')}`,
    ).toBe(true);
}

async function expectUnchanged(): Promise<void> {
  expect(await graphVersion(db)).toBe(versionBefore);
}

const mutated = (mutations: Mutation[]) => {
  const bundle = structuredClone(base) as unknown as Draft;
  return { bundle, expected: mutations.map((m) => m.apply(bundle)) };
};

describe('importers under fuzzing: refused whole, each issue with its path, the graph untouched', () => {
  it('JSON bundles', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (mutations, replace) => {
        const { bundle, expected } = mutated(mutations);
        const result = await importBundle(db, bundle, { replace });
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.reason).toBe('invalid');
        checkRefusal(result.errors, expected);
        await expectUnchanged();
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('CSV folders, with unreadable cells as well', async () => {
    let run = 0;
    const cells = fc.option(
      fc.tuple(fc.nat(), fc.constantFrom('months', 'cost'), fc.constantFrom('many', '1,5', '--', '0x10', 'NaN')),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          mutation.filter((m) => m.csv),
          { minLength: 0, maxLength: 3 },
        ),
        cells,
        async (mutations, cell) => {
          fc.pre(mutations.length > 0 || cell !== undefined);
          const { bundle, expected } = mutated(mutations);
          const dir = join(scratch, `csv-${run++}`);
          bundleToCsvFolder(bundle as unknown as Bundle, dir);
          if (cell) {
            const [row, column, text] = cell;
            const file = join(dir, 'programs.csv');
            const rows = parse(readFileSync(file, 'utf8'), { bom: true }) as string[][];
            const at = (rows[0] as string[]).indexOf(column);
            const index = row % (rows.length - 1);
            (rows[index + 1] as string[])[at] = text;
            writeFileSync(file, stringify(rows));
            expected.push(`programs[${index}].${column}`);
          }
          const input = readInput(dir);
          const result = await importBundle(db, input.raw, { readIssues: input.issues });
          expect(result.ok).toBe(false);
          if (!result.ok) checkRefusal(result.errors, expected);
          await expectUnchanged();
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('CTDL documents: broken JSON names its line and column, a mangled @graph is refused', async () => {
    const text = JSON.stringify(bundleToCtdl(base), null, 1);
    /** Offsets of `{ } [ ] : ,` outside strings: deleting any one breaks the JSON. */
    const structural: number[] = [];
    for (let i = 0, inString = false; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c !== undefined && '{}[]:,'.includes(c)) structural.push(i);
    }
    const broken = fc.nat().map((n) => {
      const at = pick(structural, n);
      return text.slice(0, at) + text.slice(at + 1);
    });
    const mangled = fc
      .constantFrom<unknown>('nodes', 3, { '@id': 'x' }, null, true)
      .map((graph) => JSON.stringify({ ...JSON.parse(text), '@graph': graph }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(broken, mangled), async (document) => {
        let raw: unknown;
        try {
          raw = fromJson(parseJsonFile(document, 'fuzz.json'), 'fuzz.json').raw;
        } catch (error) {
          expect(error).toBeInstanceOf(InputError);
          expect((error as Error).message).toMatch(/^fuzz\.json: not valid JSON at line \d+, column \d+: |^fuzz\.json/);
          return;
        }
        const result = await importBundle(db, raw);
        expect(result.ok).toBe(false);
        if (!result.ok) checkRefusal(result.errors, []);
        await expectUnchanged();
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it('left the graph exactly as it was', async () => {
    expect(await exportBundle(db)).toEqual(before);
  });
});
