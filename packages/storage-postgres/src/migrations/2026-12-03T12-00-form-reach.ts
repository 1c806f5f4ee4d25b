/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import { sql, type Kysely } from 'kysely';

/**
 * Forms declare how they reach a user: `audience` (every user of their audience, the default) or
 * `assigned` (only when a trigger or the platform assigns them). Existing forms keep their
 * meaning: a form some trigger of its project adds reached users only through that trigger, so it
 * becomes `assigned`; every other form takes the default.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('forms')
    .addColumn('reach', 'text', (c) => c.notNull().defaultTo('audience').check(sql`reach in ('audience', 'assigned')`))
    .execute();
  await sql`
    update forms f set reach = 'assigned'
    where exists (select 1 from triggers t where t.project_id = f.project_id and t.add_forms @> jsonb_build_array(f.id))
  `.execute(db);
}

/** Drops the column. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('forms').dropColumn('reach').execute();
}
