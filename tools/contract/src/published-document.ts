import { fileURLToPath } from 'node:url';
import { openApiDocument } from '@webhooks/http-koa';
import type { OpenApiDocument } from '@webhooks/http-koa';

/** The client package, where the published document and the types generated from it live. */
export const CLIENT_DIR = fileURLToPath(new URL('../../../packages/client/', import.meta.url));
/** The published OpenAPI document (a copy of what `/openapi.json` serves, without `PUBLIC_BASE_URL`). */
export const DOCUMENT_FILE = `${CLIENT_DIR}openapi.json`;
/** The TypeScript types openapi-typescript writes from it. */
export const TYPES_FILE = `${CLIENT_DIR}src/generated/schema.ts`;

/** The document the service serves, generated from the http-koa schemas and the event catalog. */
export function publishedDocument(): OpenApiDocument {
  return openApiDocument();
}

/** The document as written to disk: stable JSON, two spaces, a final newline. */
export function documentText(document: OpenApiDocument = publishedDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
