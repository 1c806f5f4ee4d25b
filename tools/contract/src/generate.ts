import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { clientTypes } from './client-types.js';
import { DOCUMENT_FILE, TYPES_FILE, documentText, publishedDocument } from './published-document.js';

/** Writes the published OpenAPI document and the client's types from it (`npm run generate -w @webhooks/contract`). */
async function main(): Promise<void> {
  const document = publishedDocument();
  writeFileSync(DOCUMENT_FILE, documentText(document));
  mkdirSync(dirname(TYPES_FILE), { recursive: true });
  writeFileSync(TYPES_FILE, await clientTypes(document));
  process.stdout.write(`wrote ${DOCUMENT_FILE}\nwrote ${TYPES_FILE}\n`);
}

await main();
