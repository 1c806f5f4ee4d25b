/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import type { Kysely } from 'kysely';

/**
 * Attempt evidence: the request as sent (URL, headers with the signature, body) and the
 * response's headers. Attempts logged before stay without them (null).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('attempts')
    .addColumn('request_url', 'text')
    .addColumn('request_headers', 'jsonb')
    .addColumn('request_body', 'text')
    .addColumn('response_headers', 'jsonb')
    .execute();
}

/** Drops the columns. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('attempts').dropColumn('request_url').dropColumn('request_headers').dropColumn('request_body').dropColumn('response_headers').execute();
}
