/** npm run schema:print — rewrites services/api/schema.graphql from the SDL files. */
import { writeFileSync } from 'node:fs';
import { printedSchema, SCHEMA_FILE } from '../src/graphql/print-schema.ts';

writeFileSync(SCHEMA_FILE, printedSchema());
process.stderr.write(`wrote ${SCHEMA_FILE.pathname.split('/').slice(-3).join('/')}\n`);
