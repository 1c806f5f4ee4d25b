import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../migrate.js';
import { IN_MEMORY, startPglite } from '../pglite/open-pglite.js';
import { PgliteDialect } from '../pglite/pglite-dialect.js';
import { PgliteSession } from '../pglite/pglite-session.js';
import { freshDatabase } from '../testing/index.js';
import { MIGRATIONS } from './migrations.js';

const NAME = '2026-12-03T12-00-form-reach';
/** Every migration before this one: the schema an existing deployment has. */
const BEFORE = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < NAME));

/** A database opened for one run, and how to close it. */
interface Opened {
  readonly db: Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a schema in between migrations
  close(): Promise<void>;
}

const databases: Readonly<Record<string, () => Promise<Opened>>> = {
  Postgres: async () => {
    const database = await freshDatabase({ requireServer: true });
    const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url, max: 2 }) }) }); // eslint-disable-line @typescript-eslint/no-explicit-any
    return { db, close: async () => (await db.destroy(), await database.drop()) };
  },
  PGlite: async () => {
    const pglite = await startPglite(IN_MEMORY);
    const db = new Kysely<any>({ dialect: new PgliteDialect(new PgliteSession(pglite)) }); // eslint-disable-line @typescript-eslint/no-explicit-any
    return { db, close: async () => (await db.destroy(), await pglite.close()) };
  },
};

describe.each(Object.keys(databases))(`migration ${NAME} on %s`, (kind) => {
  let opened: Opened;

  beforeAll(async () => {
    opened = await databases[kind]!();
    await migrateToLatest(opened.db, BEFORE);
    const { db } = opened;
    await sql`insert into projects values ('prj_1', 'Camp', 'family', 'hash-1', now()), ('prj_2', 'Other', 'individual', 'hash-2', now())`.execute(db);
    await sql`
      insert into forms (project_id, id, name, audience, mandatory) values
        ('prj_1', 'household', 'Household', 'parent', true),
        ('prj_1', 'medical', 'Medical', 'child', true),
        ('prj_1', 'waiver', 'Waiver', 'child', true),
        ('prj_1', 'photo', 'Photo', 'child', false),
        ('prj_1', 'late', 'Late', 'parent', true),
        ('prj_2', 'medical', 'Medical', 'user', true)
    `.execute(db);
    await sql`
      insert into triggers (project_id, id, on_type, on_form_id, on_when, add_forms) values
        ('prj_1', 'start', 'account_created', null, null, '["household"]'::jsonb),
        ('prj_1', 'kids', 'child_created', null, null, '["medical", "photo"]'::jsonb),
        ('prj_1', 'hockey', 'form_submitted', 'medical', '{"sport": "hockey"}'::jsonb, '["waiver"]'::jsonb)
    `.execute(db);
    await sql`
      insert into user_states values
        ('prj_1', 'mum', 'parent', null, true, true, '[{"formId": "household", "completed": true, "source": "account_created"}]'::jsonb)
    `.execute(db);
    expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS).filter((name) => name >= NAME));
  }, 60_000);

  afterAll(async () => {
    await opened.close();
  });

  it('should make the forms a trigger of their project adds `assigned`, and every other form `audience`', async () => {
    const rows = await sql<{ project_id: string; id: string; reach: string }>`select project_id, id, reach from forms order by project_id, id`.execute(opened.db);
    expect(rows.rows).toEqual([
      { project_id: 'prj_1', id: 'household', reach: 'assigned' },
      { project_id: 'prj_1', id: 'late', reach: 'audience' },
      { project_id: 'prj_1', id: 'medical', reach: 'assigned' },
      { project_id: 'prj_1', id: 'photo', reach: 'assigned' },
      { project_id: 'prj_1', id: 'waiver', reach: 'assigned' },
      // Another project's trigger naming the same id changes nothing here.
      { project_id: 'prj_2', id: 'medical', reach: 'audience' },
    ]);
  });

  it('should give a form declared without a reach the default, and refuse an unknown reach', async () => {
    await sql`insert into forms (project_id, id, name, audience, mandatory) values ('prj_2', 'new', 'New', 'user', true)`.execute(opened.db);
    const added = await sql<{ reach: string }>`select reach from forms where project_id = 'prj_2' and id = 'new'`.execute(opened.db);
    expect(added.rows).toEqual([{ reach: 'audience' }]);
    await expect(sql`insert into forms values ('prj_2', 'bad', 'Bad', 'user', true, 'everyone')`.execute(opened.db)).rejects.toThrow(/check constraint/);
  });

  it('should leave completion states as they were', async () => {
    const rows = await sql<{ user_id: string; complete: boolean; assignments: unknown }>`select user_id, complete, assignments from user_states`.execute(opened.db);
    expect(rows.rows).toEqual([{ user_id: 'mum', complete: true, assignments: [{ formId: 'household', completed: true, source: 'account_created' }] }]);
  });
});
