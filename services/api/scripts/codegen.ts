/**
 * npm run codegen — rewrites src/graphql/resolver-types.generated.ts from the SDL.
 * `npm run codegen -- --check` only compares, and exits 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generateResolverTypes, RESOLVER_TYPES_FILE } from '../src/graphql/resolver-types-codegen.ts';

const generated = await generateResolverTypes();
const name = RESOLVER_TYPES_FILE.pathname.split('/').slice(-5).join('/');
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(RESOLVER_TYPES_FILE, 'utf8');
  } catch {}
  if (current !== generated) {
    process.stderr.write(`${name} is stale: run \`npm run codegen\`\n`);
    process.exit(1);
  }
  process.stderr.write(`${name} is up to date\n`);
} else {
  writeFileSync(RESOLVER_TYPES_FILE, generated);
  process.stderr.write(`wrote ${name}\n`);
}
