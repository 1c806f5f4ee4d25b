import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { clientTypes } from './client-types.js';
import { CLIENT_DIR, DOCUMENT_FILE, TYPES_FILE, documentText, publishedDocument } from './published-document.js';

const STALE = 'stale: run `npm run generate -w @webhooks/contract` and commit packages/client';

describe('the published contract (packages/client)', () => {
  describe('when its OpenAPI document is compared with the one the service serves', () => {
    it('should be the same document', () => {
      const committed = readFileSync(DOCUMENT_FILE, 'utf8');
      expect({ document: committed === documentText() ? 'current' : STALE }).toEqual({ document: 'current' });
    });
  });

  describe("when the client's generated types are compared with what openapi-typescript writes from that document", () => {
    it('should be the same types', async () => {
      const committed = readFileSync(TYPES_FILE, 'utf8');
      expect({ types: committed === (await clientTypes(publishedDocument())) ? 'current' : STALE }).toEqual({ types: 'current' });
    });

    it('should see a change of the document (the check can fail)', async () => {
      const changed = structuredClone(publishedDocument()) as ReturnType<typeof publishedDocument> & { info: { version: string } };
      changed.paths['/v1/extra'] = { get: { operationId: 'extra', responses: { '200': { description: 'OK' } } } };
      expect(await clientTypes(changed)).not.toBe(readFileSync(TYPES_FILE, 'utf8'));
    });
  });
});

describe("the client's README", () => {
  it('should show the example that is type-checked (src/client-example.ts), word for word', () => {
    const readme = readFileSync(`${CLIENT_DIR}README.md`, 'utf8');
    const example = readFileSync(new URL('./client-example.ts', import.meta.url), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``);
  });
});
