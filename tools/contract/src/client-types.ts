import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import type { OpenApiDocument } from '@webhooks/http-koa';

/**
 * The client's TypeScript types of `document`, as openapi-typescript writes them (`paths`,
 * `webhooks`, `components`, `operations`); deterministic, so a stale copy shows as a difference.
 */
export async function clientTypes(document: OpenApiDocument): Promise<string> {
  // A deep copy: openapi-typescript may annotate what it is given.
  const ast = await openapiTS(structuredClone(document) as unknown as Parameters<typeof openapiTS>[0], { silent: true });
  return `${COMMENT_HEADER.replace('openapi-typescript.', 'openapi-typescript from openapi.json: npm run generate -w @webhooks/contract.')}${astToString(ast)}`;
}
