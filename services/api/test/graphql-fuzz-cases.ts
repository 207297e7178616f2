/**
 * Hostile requests for POST /graphql, as fast-check arbitraries: malformed documents, wrong
 * argument types, odd strings (unicode, NUL, lone surrogates, huge), deep nesting, many
 * aliases, and bad bodies (wrong content type, invalid JSON, huge variables, batches). Used by
 * the in-process fuzz test (`graphql-fuzz.int.test.ts`) and by `npm run fuzz -- --url URL`
 * against a running service, and the checks on each answer live here for both.
 */
import fc from 'fast-check';

export interface FuzzRequest {
  /** Which family of hostile input this is, for the counts. */
  kind: string;
  method: 'POST' | 'GET';
  /** undefined: no Content-Type header at all. */
  contentType?: string;
  /** The raw body (possibly not JSON at all). */
  body?: string;
  /** For GET: the query string, without `?`. */
  search?: string;
}

/** Ids of the sample region, so that some requests get past the lookups into the engines. */
const IDS = [
  'tx-hidalgo',
  'tx',
  'us',
  'ep-english-learner',
  'ep-youth',
  'cred-cna',
  'cred-lvn',
  'cc-cna',
  'sector-healthcare',
  '29-1141.00',
  'pw-nursing-ladder',
  'atlantis',
];
const HOUSEHOLDS = ['1A1C', '2A2W2C', '1A0C', '9Z', '', '1a1c'];

const HUGE = [1_000, 70_000, 300_000];
/** Strings that break naive code: NUL, lone surrogates, RTL marks, emoji, combining marks, huge. */
const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    'tx-hidalgo\u0000',
    '\ud800',
    'a\udfffb',
    '\u202eevil',
    '👩‍⚕️',
    'e\u0301\u0301\u0301',
    "' OR 1=1 //",
    '`MATCH (n) DETACH DELETE n`',
    '$__proto__',
    '__proto__',
    'constructor',
    '\\',
    '"',
    '\r\n',
  ),
  fc.tuple(fc.constantFrom(...HUGE), fc.constantFrom('a', 'é', '\u0000', '🙂', ' ')).map(([n, c]) => c.repeat(n)),
);

const idLike: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...IDS), oddString);

/** Any JSON value, biased towards the wrong type for an argument. */
const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(-1, 0, 1.5, 2 ** 31, -(2 ** 53), 1e308, true, null, [], {}, ''),
  oddString,
);

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

const routeInput: fc.Arbitrary<unknown> = fc.oneof(
  fc.record(
    {
      regionId: fc.oneof(idLike, wrongValue),
      entryPointId: maybe(fc.oneof(idLike, wrongValue)),
      heldCredentialIds: maybe(fc.oneof(fc.array(fc.oneof(idLike, wrongValue), { maxLength: 5 }), wrongValue)),
      household: maybe(fc.oneof(fc.constantFrom(...HOUSEHOLDS), wrongValue)),
      limit: maybe(fc.oneof(fc.integer({ min: -5, max: 20 }), wrongValue)),
      maxCost: maybe(fc.oneof(fc.double(), wrongValue)),
      maxMonths: maybe(fc.oneof(fc.double(), wrongValue)),
      objective: maybe(fc.oneof(fc.constantFrom('TIME', 'COST', 'time', 'MONEY'), wrongValue)),
      target: maybe(
        fc.oneof(fc.record({ occupationId: maybe(idLike), sectorId: maybe(idLike) }, { requiredKeys: [] }), wrongValue),
      ),
      needs: maybe(fc.oneof(fc.array(oddString, { maxLength: 3 }), wrongValue)),
      unknownField: maybe(wrongValue),
    },
    { requiredKeys: [] },
  ),
  wrongValue,
);

/** Operations with variables: the variables are where wrong types and odd strings go. */
const withVariables: fc.Arbitrary<{ query: string; variables: unknown }> = fc.oneof(
  routeInput.map((input) => ({
    query: 'query($input: RouteInput!) { routes(input: $input) { graphVersion threshold routes { rank } } }',
    variables: { input },
  })),
  fc
    .record({ input: routeInput, rank: maybe(fc.oneof(fc.integer({ min: -3, max: 12 }), wrongValue)) })
    .map((variables) => ({
      query: 'query($input: RouteInput!, $rank: Int) { routePathway(input: $input, rank: $rank) }',
      variables,
    })),
  fc
    .record(
      {
        household: maybe(fc.oneof(fc.constantFrom(...HOUSEHOLDS), wrongValue)),
        regionId: maybe(fc.oneof(idLike, wrongValue)),
        kinds: maybe(
          fc.oneof(fc.array(fc.constantFrom('ORPHAN', 'DEAD_END_CREDENTIAL', 'nope'), { maxLength: 3 }), wrongValue),
        ),
      },
      { requiredKeys: [] },
    )
    .map((filter) => ({
      query: 'query($f: GapFilter) { gaps(filter: $f) { kind subjectId } }',
      variables: { f: filter },
    })),
  fc
    .record({ text: fc.oneof(oddString, wrongValue), first: maybe(fc.oneof(fc.integer(), wrongValue)) })
    .map((variables) => ({
      query: 'query($text: String!, $first: Int) { search(text: $text, first: $first) { score kind } }',
      variables,
    })),
  fc
    .record({
      id: fc.oneof(idLike, wrongValue),
      kind: maybe(fc.oneof(fc.constantFrom('Region', 'Program', 'x'), wrongValue)),
    })
    .map((variables) => ({
      query: 'query($id: ID!, $kind: EntityKind) { node(id: $id, kind: $kind) { id label } }',
      variables,
    })),
  fc
    .record({ r: fc.oneof(idLike, wrongValue), h: maybe(fc.oneof(fc.constantFrom(...HOUSEHOLDS), wrongValue)) })
    .map((variables) => ({
      query: 'query($r: ID!, $h: String) { familyWage(regionId: $r, household: $h) { annual } }',
      variables,
    })),
  fc
    .record({ first: maybe(fc.oneof(fc.integer(), wrongValue)), after: maybe(fc.oneof(oddString, wrongValue)) })
    .map((variables) => ({
      query:
        'query($first: Int, $after: String) { programs(first: $first, after: $after) { totalCount edges { cursor } } }',
      variables,
    })),
  fc
    .record({
      first: maybe(fc.oneof(fc.integer({ min: -2, max: 1200 }), wrongValue)),
      after: maybe(fc.oneof(oddString, wrongValue)),
      n: maybe(fc.oneof(fc.integer({ min: -2, max: 1200 }), wrongValue)),
    })
    .map((variables) => ({
      query:
        'query($first: Int, $after: String, $n: Int) { gaps(first: $first, after: $after) { cursor regionCount regionIds(first: $n) } gapSummary { total } }',
      variables,
    })),
  fc
    .record({
      f: fc.oneof(
        fc.record({ regionId: maybe(idLike), kinds: maybe(fc.array(oddString, { maxLength: 3 })) }),
        wrongValue,
      ),
    })
    .map((variables) => ({ query: 'query($f: MapFilter) { map(filter: $f) { nodes { key } } }', variables })),
  fc.record({ id: fc.oneof(idLike, wrongValue), r: maybe(fc.oneof(idLike, wrongValue)) }).map((variables) => ({
    query: 'query($id: ID!, $r: ID) { pathway(id: $id) { quality(regionId: $r) { pass } } }',
    variables,
  })),
);

/** GraphQL literals of every kind, for inline arguments. */
const literal: fc.Arbitrary<string> = fc.letrec<{ lit: string }>((tie) => ({
  lit: fc.oneof(
    { depthSize: 'small' },
    fc.integer().map(String),
    fc.constantFrom('99999999999999999999', '-0', '1e400', '0x10', '.5', 'NaN'),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => String(n)),
    oddString.map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'null', 'TIME', 'ORPHAN', '$undeclared', '"""block"""', '"unterminated'),
    fc.array(tie('lit'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('regionId', 'limit', 'household', 'kinds', 'x'), tie('lit')), { maxLength: 3 })
      .map((fields) => `{${fields.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
})).lit;

const inlineArguments: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(literal, literal, literal)
    .map(([r, l, h]) => `{ routes(input: {regionId: ${r}, limit: ${l}, household: ${h}}) { routes { rank } } }`),
  fc.tuple(literal, literal).map(([t, n]) => `{ search(text: ${t}, first: ${n}) { score } }`),
  fc.tuple(literal, literal).map(([id, k]) => `{ node(id: ${id}, kind: ${k}) { id } }`),
  literal.map((f) => `{ gaps(filter: ${f}) { kind } }`),
  literal.map((f) => `{ map(filter: ${f}) { edges { id } } }`),
  fc.tuple(literal, literal).map(([n, a]) => `{ regions(first: ${n}, after: ${a}) { totalCount } }`),
);

const VALID = [
  '{ about { version counts { label count } } }',
  '{ routes(input: {regionId: "tx-hidalgo", entryPointId: "ep-english-learner"}) { routes { rank steps { program { id } } } } }',
  '{ search(text: "nurse") { kind score node { id label } } }',
  '{ gaps(filter: {regionId: "tx-hidalgo"}) { kind subjectId } }',
  '{ map(filter: {regionId: "tx-hidalgo"}) { nodes { key } edges { id } } }',
  'query Q { node(id: "cred-cna") { ... on Credential { name stacksInto { credential { id } } } } }',
];

/** Valid documents broken by cutting, splicing or sprinkling characters. */
const malformedDocument: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...VALID), fc.nat(), fc.nat())
    .map(([q, a, b]) => q.slice(0, a % q.length) + q.slice((a % q.length) + (b % 8))),
  fc
    .tuple(
      fc.constantFrom(...VALID),
      fc.nat(),
      fc.constantFrom('{', '}', '(', ')', '$', '@', '!', '...', '"', '#', '\u0000', ':', '|'),
    )
    .map(([q, at, c]) => q.slice(0, at % q.length) + c + q.slice(at % q.length)),
  fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '(',
        ')',
        'query',
        'mutation',
        'subscription',
        'fragment',
        'on',
        '...',
        'about',
        'routes',
        ':',
        '$x',
        '@skip',
        '"s"',
        '1',
        ',',
      ),
      { maxLength: 30 },
    )
    .map((tokens) => tokens.join(' ')),
  oddString,
  fc.constantFrom(
    '',
    ' ',
    'mutation { about { version } }',
    'subscription { about { version } }',
    '{ __schema { types { name } } }',
    '{ about { version } } { about { version } }',
    'query A { about { version } } query A { about { version } }',
    'fragment F on About { ...F } { about { ...F } }',
    '{ about @skip(if: $nope) { version } }',
    '{ about { version } ',
    '{ nonexistent }',
    '{ about { version(arg: 1) } }',
  ),
);

const deep: fc.Arbitrary<string> = fc.oneof(
  fc
    .integer({ min: 1, max: 60 })
    .map((n) => `{ node(id: "tx-hidalgo") { ... on Region { ${'parent { '.repeat(n)}id${' }'.repeat(n)} } } }`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{ ${'about { '.repeat(n)}version${' }'.repeat(n)} }`),
  fc.integer({ min: 1, max: 3000 }).map((n) => `{ search(text: ${'['.repeat(n)}"a"${']'.repeat(n)}) { score } }`),
  fc
    .integer({ min: 1, max: 2000 })
    .map((n) => `{ gaps(filter: ${'{regionId: '.repeat(n)}"x"${'}'.repeat(n)}) { kind } }`),
);

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const manyAliases: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 1, max: 5000 }),
      fc.constantFrom('about { version }', 'familyWage(regionId: "tx-hidalgo") { annual }', '__typename'),
    )
    .map(([n, field]) => aliases(n, field)),
  // Each search is a Neo4j query: more than the driver's pool (100) at once is the cost
  // limit's to refuse, and this stays below it.
  fc.integer({ min: 1, max: 60 }).map((n) => aliases(n, 'search(text: "nurse") { score }')),
);

const json = (value: unknown) => JSON.stringify(value);
/** Percent-encodes every byte (encodeURIComponent refuses lone surrogates). */
const percent = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const post = (kind: string, body: string, contentType: string | undefined = 'application/json'): FuzzRequest => ({
  kind,
  method: 'POST',
  contentType,
  body,
});

const badBody: fc.Arbitrary<FuzzRequest> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/graphql',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        '',
        'nonsense',
      ),
      fc.constantFrom(...VALID),
    )
    .map(([type, query]) => post('content-type', json({ query }), type)),
  fc.constantFrom(...VALID).map((query) => post('no content-type', json({ query }), undefined)),
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([query, cut]) => {
    const body = json({ query, variables: { a: 1 } });
    return post('invalid JSON', body.slice(0, cut % body.length));
  }),
  fc
    .constantFrom(
      '',
      'null',
      '42',
      '"query"',
      '[]',
      '{}',
      '{"query": 1}',
      '{"query": null}',
      '{"query": ["{ about { version } }"]}',
      '\u0000',
      '{"query":"{ about { version } }",}',
      "{'query': 1}",
    )
    .map((b) => post('invalid body', b)),
  fc
    .tuple(fc.constantFrom(...VALID), wrongValue, fc.option(wrongValue))
    .map(([query, variables, operationName]) => post('bad fields', json({ query, variables, operationName }))),
  fc.tuple(fc.constantFrom(0.5, 1.1, 3), fc.constantFrom('a', '\u0000', '🙂')).map(([mb, c]) =>
    post(
      'huge variables',
      json({
        query: VALID[2]?.replace('"nurse"', '$t').replace('{ search', 'query($t: String!) { search'),
        variables: { t: c.repeat(mb * 1024 * 1024) },
      }),
    ),
  ),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...VALID).map((query) => ({ query })),
        wrongValue,
      ),
      { maxLength: 20 },
    )
    .map((ops) => post('batched array', json(ops))),
  fc.constantFrom(...VALID, ...['{ about { version } }']).map((query) => ({
    kind: 'GET',
    method: 'GET' as const,
    search: `query=${percent(query)}&variables=${percent('{not json')}`,
  })),
  oddString.map((s) => ({ kind: 'GET', method: 'GET' as const, search: `query=${percent(s)}` })),
  fc.constantFrom('query=%FF%FE', 'query=%', 'query=%zz', 'query[]=1&query[]=2', '', 'variables=1').map((search) => ({
    kind: 'GET',
    method: 'GET' as const,
    search,
  })),
);

export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  withVariables.map(({ query, variables }) => post('argument types (variables)', json({ query, variables }))),
  inlineArguments.map((query) => post('argument types (inline)', json({ query }))),
  malformedDocument.map((query) => post('malformed document', json({ query }))),
  deep.map((query) => post('deep nesting', json({ query }))),
  manyAliases.map((query) => post('many aliases', json({ query }))),
  badBody,
);

export interface FuzzAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/**
 * What must hold for any answer: no 5xx; a GraphQL error always carries `extensions.code`;
 * BAD_USER_INPUT names the argument (`input.limit: …`); nothing is an INTERNAL_SERVER_ERROR.
 * Returns the problems and the error codes seen.
 */
export function checkAnswer(answer: FuzzAnswer): { problems: string[]; codes: string[] } {
  const problems: string[] = [];
  const codes: string[] = [];
  if (answer.status >= 500) problems.push(`status ${answer.status}: ${answer.body.slice(0, 300)}`);
  if (!answer.contentType?.includes('json')) return { problems, codes };
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { problems: [...problems, `a JSON answer that does not parse: ${answer.body.slice(0, 200)}`], codes };
  }
  for (const one of Array.isArray(parsed) ? parsed : [parsed]) {
    const errors = (one as { errors?: unknown })?.errors;
    if (errors === undefined) continue;
    if (!Array.isArray(errors)) {
      problems.push(`errors is not a list: ${JSON.stringify(errors).slice(0, 200)}`);
      continue;
    }
    for (const error of errors as { message?: unknown; extensions?: { code?: unknown } }[]) {
      const code = error?.extensions?.code;
      if (typeof code !== 'string' || code === '') {
        problems.push(`an error without extensions.code: ${JSON.stringify(error).slice(0, 300)}`);
        continue;
      }
      codes.push(code);
      const message = String(error.message);
      if (code === 'BAD_USER_INPUT' && !ARGUMENT_PATH.test(message) && !VARIABLE_VALUE.test(message))
        problems.push(`BAD_USER_INPUT without an argument path: ${String(error.message).slice(0, 300)}`);
      if (code === 'INTERNAL_SERVER_ERROR')
        problems.push(`INTERNAL_SERVER_ERROR: ${JSON.stringify(error).slice(0, 300)}`);
    }
  }
  return { problems, codes };
}

/** Starts with the argument's path: `input.limit: …`, `filter.household: …`, `input.heldCredentialIds[1]: …`. */
const ARGUMENT_PATH = /^[A-Za-z_]\w*(\.\w+|\[\d+\])*: \S/;
/** graphql-js's coercion message names the variable (and the field inside it, `at "input.limit"`). */
const VARIABLE_VALUE = /^Variable "\$\w+" got invalid value/;
