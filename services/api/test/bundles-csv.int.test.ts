/**
 * CSV over HTTP: POST /api/bundles with a zip of the CSV template folder or one text/csv file
 * (?table=), under the same rules as JSON (write key, partner scope, all or nothing, errors at
 * file:row:column), and GET /api/bundles/export?format=csv back.
 */
import { bundleToCsvFiles } from '@pathway/graph/csv/csv-folder';
import { readCsvZip } from '@pathway/graph/csv/csv-zip';
import { canonicalBundle, kingCountyBundle } from '@pathway/graph/test/fixtures';
import { resetGraph, testConnection, testDb } from '@pathway/graph/test/neo4j';
import type { FastifyInstance } from 'fastify';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './build-app.ts';

const ADMIN = 'admin-token-0123456789abcdefXYZ';
const KING_CC = 'kingcc-token-0123456789abcdefXYZ';
const db = testDb();
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp(testConnection(), { API_KEYS: `ops:admin:${ADMIN},kingcc:partner=king-cc:${KING_CC}` });
});
beforeEach(async () => {
  await resetGraph(db);
  const seeded = await app.inject({
    method: 'POST',
    url: '/api/bundles?replace=true',
    payload: kingCountyBundle(),
    headers: { authorization: `Bearer ${ADMIN}` },
  });
  expect(seeded.statusCode).toBe(200);
});
afterAll(async () => {
  await app?.close();
  await db.close();
});

function upload(body: Uint8Array | string, type: string, token: string | undefined, query = '') {
  return app.inject({
    method: 'POST',
    url: `/api/bundles${query}`,
    payload: typeof body === 'string' ? body : Buffer.from(body),
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}
const exported = async () => (await app.inject({ method: 'GET', url: '/api/bundles/export' })).json();
const details = (response: { json: () => { error: { details: unknown[] } } }) => response.json().error.details;

const PROGRAMS = 'id,name,providerId,awards,months,cost\n';
const own = 'kc-csv-1,CSV program,king-cc,it-cert,3,1200\n';

describe('POST /api/bundles with text/csv', () => {
  it('lets a partner key write its own programs from one file', async () => {
    const response = await upload(PROGRAMS + own, 'text/csv; charset=utf-8', KING_CC, '?table=programs');
    expect(response.statusCode).toBe(200);
    expect(response.json().counts.programs.created).toBe(1);
    expect(response.json().format).toBe('csv');
    const program = (await exported()).programs.find((p: { id: string }) => p.id === 'kc-csv-1');
    expect(program).toMatchObject({ name: 'CSV program', providerId: 'king-cc', cost: 1200, months: 3 });
  });

  it("refuses a partner key's row for another partner's program, at file:row:column, writing nothing", async () => {
    const before = await exported();
    // Row 3 takes over ged-prep, which belongs to seattle-ae; row 4 claims another provider.
    const body = `${PROGRAMS}${own}ged-prep,Steal it,king-cc,ged,5,0\nkc-other,Other,seattle-ae,ged,5,0\n`;
    const response = await upload(body, 'text/csv', KING_CC, '?table=programs');
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('FORBIDDEN');
    expect(details(response)).toEqual([
      {
        path: 'programs.csv:3:id',
        bundlePath: 'programs[1].id',
        message: '"ged-prep" already exists and belongs to seattle-ae',
      },
      {
        path: 'programs.csv:4:providerId',
        bundlePath: 'programs[2].providerId',
        message: 'must be "king-cc": this key writes only what its partner provides or issues',
      },
    ]);
    expect(await exported()).toEqual(before);
  });

  it('reports bad cells and unknown ids at their cell, and needs a key and a table', async () => {
    const before = await exported();
    const bad = await upload(
      `${PROGRAMS}kc-csv-1,CSV program,king-cc,no-such-cred,-3,\n`,
      'text/csv',
      KING_CC,
      '?table=programs',
    );
    expect(bad.statusCode).toBe(400);
    const paths = details(bad).map((d) => (d as { path: string }).path);
    expect(paths.sort()).toEqual(['programs.csv:2:awards', 'programs.csv:2:months']);

    expect((await upload(PROGRAMS + own, 'text/csv', undefined, '?table=programs')).statusCode).toBe(401);
    const noTable = await upload(PROGRAMS + own, 'text/csv', KING_CC);
    expect(noTable.statusCode).toBe(400);
    expect(noTable.json().error.message).toMatch(/^table: is required with text\/csv: one of source, regions/);
    const badTable = await upload(PROGRAMS + own, 'text/csv', KING_CC, '?table=program');
    expect(badTable.json().error.message).toMatch(/^table: must be one of source, regions/);
    const unknown = await upload(PROGRAMS + own, 'text/csv', KING_CC, '?table=programs&tabel=x');
    expect(unknown.json().error.message).toBe('query: unknown parameter tabel; the parameters are replace, table');
    expect(await exported()).toEqual(before);
  });
});

describe('POST /api/bundles with a zipped CSV folder', () => {
  const supports = 'id,name,kind,providerId,programIds\nkc-bus,Bus pass,Transportation,king-cc,kc-csv-1\n';

  it('lets a partner key write its programs and supports from the template folder', async () => {
    const zip = zipSync({ 'king-cc/programs.csv': strToU8(PROGRAMS + own), 'king-cc/supports.csv': strToU8(supports) });
    const response = await upload(zip, 'application/zip', KING_CC);
    expect(response.statusCode).toBe(200);
    expect(response.json().counts.programs.created).toBe(1);
    expect(response.json().counts.supports.created).toBe(1);
  });

  it('is all or nothing: one forbidden row in one file refuses every file', async () => {
    const before = await exported();
    const theirs = 'id,name,kind,providerId\nsea-bus,Bus pass,Transportation,seattle-ae\n';
    const zip = zipSync({ 'programs.csv': strToU8(PROGRAMS + own), 'supports.csv': strToU8(theirs) });
    const response = await upload(zip, 'application/zip', KING_CC);
    expect(response.statusCode).toBe(403);
    expect(details(response).map((d) => (d as { path: string }).path)).toEqual(['supports.csv:2:providerId']);
    expect(await exported()).toEqual(before);
  });

  it('refuses archives past the limits, unsafe names and unknown files, writing nothing', async () => {
    const before = await exported();
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`notes-${i}.txt`, strToU8('x')]));
    const tooMany = await upload(zipSync(many), 'application/zip', ADMIN);
    expect(tooMany.statusCode).toBe(400);
    expect(details(tooMany)[0]).toEqual({
      path: '(archive)',
      message: 'the archive has more than 64 entries; the template folder has 16; nothing was read',
    });

    const climbing = await upload(zipSync({ '../programs.csv': strToU8(PROGRAMS + own) }), 'application/zip', ADMIN);
    expect(climbing.statusCode).toBe(400);
    expect(details(climbing)).toEqual([
      { path: '../programs.csv', message: 'is refused: the name climbs out of the folder (..)' },
    ]);

    const misspelt = await upload(zipSync({ 'program.csv': strToU8(PROGRAMS + own) }), 'application/zip', ADMIN);
    expect(misspelt.statusCode).toBe(400);
    expect(details(misspelt)[0]).toMatchObject({
      path: 'program.csv',
      message: expect.stringMatching(/^unknown file \(did you mean programs.csv\?\)/),
    });

    const notZip = await upload(PROGRAMS, 'application/zip', ADMIN);
    expect(notZip.statusCode).toBe(400);
    expect((details(notZip)[0] as { message: string }).message).toMatch(/^the archive is not a zip file/);
    expect(await exported()).toEqual(before);
  });

  it('refuses a zip bomb by its unzipped size (the JSON body limit) before inflating it', async () => {
    const small = await buildApp(testConnection(), { API_KEYS: `ops:admin:${ADMIN}`, BUNDLE_BODY_LIMIT: '65536' });
    try {
      const bomb = zipSync({ 'programs.csv': new Uint8Array(4 * 1024 * 1024) });
      expect(bomb.length).toBeLessThan(65536);
      const response = await small.inject({
        method: 'POST',
        url: '/api/bundles',
        payload: Buffer.from(bomb),
        headers: { 'content-type': 'application/zip', authorization: `Bearer ${ADMIN}` },
      });
      expect(response.statusCode).toBe(400);
      expect(details(response)[0]).toEqual({
        path: '(archive)',
        message: 'the archive holds more than 65536 bytes once unzipped; nothing was read',
      });
    } finally {
      await small.close();
    }
  });
});

describe('POST /api/bundles with remove.csv', () => {
  const writes = async (token: string) =>
    (await app.inject({ method: 'GET', url: '/api/writes', headers: { authorization: `Bearer ${token}` } })).json()
      .writes as { keyName: string; changes: { deleted: Record<string, string[]> } }[];

  it('lets a partner key delete its own program by one file, and logs the deleted ids', async () => {
    const response = await upload('id\ncc-netplus\n', 'text/csv', KING_CC, '?table=remove');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().counts.programs.deleted).toBe(1);
    const after = await exported();
    expect(after.programs.map((p: { id: string }) => p.id)).not.toContain('cc-netplus');
    // The cascade: the pathway that listed it no longer does.
    const pathway = after.pathways.find((p: { id: string }) => p.id === 'pw-it');
    expect(pathway.programIds).toEqual(['ibest-it', 'cc-it-cert', 'cc-aas-net']);
    const [latest] = await writes(KING_CC);
    expect(latest?.keyName).toBe('kingcc');
    expect(latest?.changes.deleted).toEqual({ programs: ['cc-netplus'] });
  });

  it('deletes with the other files of a zipped folder, in one write', async () => {
    const zip = zipSync({
      'programs.csv': strToU8(PROGRAMS + own),
      'remove.csv': strToU8('id\r\ncc-netplus\r\ncc-childcare\r\n'),
    });
    const response = await upload(zip, 'application/zip', KING_CC);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().counts.programs).toMatchObject({ created: 1, deleted: 1 });
    expect(response.json().counts.supports.deleted).toBe(1);
    const [latest] = await writes(ADMIN);
    expect(latest?.changes.deleted).toEqual({ programs: ['cc-netplus'], supports: ['cc-childcare'] });
  });

  it("refuses another partner's program at remove.csv:row:id, writing nothing", async () => {
    const before = await exported();
    const logged = (await writes(ADMIN)).length;
    const response = await upload('id\ncc-netplus\nged-prep\n', 'text/csv', KING_CC, '?table=remove');
    expect(response.statusCode).toBe(403);
    expect(details(response)).toEqual([
      {
        path: 'remove.csv:3:id',
        bundlePath: 'remove[1]',
        message: 'a key scoped to partner "king-cc" removes only its own programs and supports',
      },
    ]);
    const missing = await upload('id\nno-such-program\nbad id\n', 'text/csv', KING_CC, '?table=remove');
    expect(missing.statusCode).toBe(400);
    expect(details(missing)).toEqual([
      // The reader's cell errors come first, then the graph's.
      {
        path: 'remove.csv:3:id',
        bundlePath: 'remove[1]',
        message: expect.stringMatching(/^must be 1-128 characters/),
      },
      {
        path: 'remove.csv:2:id',
        bundlePath: 'remove[0]',
        message: 'no entity "no-such-program" in the graph to remove',
      },
    ]);
    expect(await exported()).toEqual(before);
    expect((await writes(ADMIN)).length).toBe(logged);
  });
});

describe('GET /api/bundles/export?format=csv', () => {
  it('returns the CSV template folder zipped, which loads back to the same graph', async () => {
    const before = await exported();
    const response = await app.inject({ method: 'GET', url: '/api/bundles/export?format=csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="pathway-graph.csv.zip"');
    const zip = readCsvZip(response.rawPayload);
    if (!zip.ok) throw new Error(JSON.stringify(zip.errors));
    // The same files as the CLI's CSV export of the same graph.
    const texts = new Map(
      [...zip.files].map(([name, bytes]) => [name, new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)]),
    );
    expect(texts).toEqual(bundleToCsvFiles(before));

    await resetGraph(db);
    const reloaded = await upload(response.rawPayload, 'application/zip', ADMIN, '?replace=true');
    expect(reloaded.statusCode).toBe(200);
    expect(canonicalBundle(await exported())).toEqual(canonicalBundle(before));
    expect(canonicalBundle(before)).toEqual(canonicalBundle(kingCountyBundle()));
  });

  it('names the formats it knows', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/bundles/export?format=xlsx' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toBe('format: must be bundle, ctdl or csv');
  });
});
