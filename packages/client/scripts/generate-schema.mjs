// The SDK's types come from the suite's OpenAPI document (docs/openapi.json, `npm run openapi`).
//   node generate-schema.mjs                       writes src/schema.ts (`npm run client:generate`)
//   node generate-schema.mjs --check [document]    exits 1 when src/schema.ts differs from what the
//                                                  document gives (src/schema.spec.ts runs this)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const SCHEMA = join(here, '..', 'src', 'schema.ts');
const [mode, document = join(here, '..', '..', '..', 'docs', 'openapi.json')] = process.argv.slice(2);

const BANNER = [
  '// Generated from docs/openapi.json by openapi-typescript: do not edit.',
  '// Regenerate with `npm run client:generate` (after `npm run openapi` changes the document).',
  '',
  '',
].join('\n');

// Fields with a default stay optional: a caller may leave them to the server.
const ast = await openapiTS(JSON.parse(readFileSync(document, 'utf8')), { defaultNonNullable: false });
const schema = BANNER + astToString(ast);

if (mode === '--check') {
  if (readFileSync(SCHEMA, 'utf8') !== schema) {
    console.error(
      'packages/client/src/schema.ts is out of date with docs/openapi.json: run `npm run client:generate` and commit it',
    );
    process.exit(1);
  }
} else {
  writeFileSync(SCHEMA, schema);
}
