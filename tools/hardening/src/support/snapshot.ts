import pg from 'pg';
import type { ProjectFixture } from './fixtures.js';
import { expectStatus, listAll } from './fixtures.js';
import type { ServiceHandle } from './service.js';

/** What a valid caller can read of a project: the project, its webhooks, its deliveries with every attempt. */
export interface ReadableState {
  readonly project: unknown;
  readonly webhooks: readonly unknown[];
  readonly deliveries: readonly unknown[];
}

/** Reads everything a valid caller can read of `project` (operator and API admin), in a stable order. */
export async function readableState(svc: ServiceHandle, project: ProjectFixture): Promise<ReadableState> {
  const projectView = expectStatus(await svc.http.json('GET', project.base, svc.operatorToken), 200, 'get project');
  const webhooks = [];
  for (const item of await listAll(svc, `${project.base}/webhooks`, project.apiAdmin.key)) {
    webhooks.push(expectStatus(await svc.http.json('GET', `${project.base}/webhooks/${String(item['id'])}`, project.apiAdmin.key), 200, 'get webhook'));
  }
  const deliveries = [];
  for (const item of await listAll(svc, `${project.base}/deliveries`, project.apiAdmin.key)) {
    deliveries.push(expectStatus(await svc.http.json('GET', `${project.base}/deliveries/${String(item['id'])}`, project.apiAdmin.key), 200, 'get delivery'));
  }
  return { project: projectView, webhooks, deliveries };
}

/** Rows and a content hash of every table, optionally only the rows of some projects. */
export type TableDigest = Readonly<Record<string, { readonly rows: number; readonly md5: string }>>;

/**
 * A digest of the whole database behind the service (every table's row count and the md5 of its
 * rows as text): stronger than the API view, it also sees forms, triggers, user state, activities
 * and events. With `projectIds`, only those projects' rows are digested.
 */
export async function databaseDigest(url: string, projectIds?: readonly string[]): Promise<TableDigest> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string; scoped: boolean }>(
      `select t.table_name,
              exists (select 1 from information_schema.columns c where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'project_id') as scoped
         from information_schema.tables t
        where t.table_schema = 'public' and t.table_type = 'BASE TABLE'
        order by t.table_name`,
    );
    const digest: Record<string, { rows: number; md5: string }> = {};
    for (const { table_name: table, scoped } of tables.rows) {
      const column = table === 'projects' ? 'id' : scoped ? 'project_id' : null;
      const where = projectIds && column ? `where t.${column} = any($1)` : '';
      const { rows } = await client.query<{ rows: string; md5: string | null }>(
        `select count(*)::text as rows, md5(string_agg(t::text, '|' order by t::text)) as md5 from "${table}" t ${where}`,
        projectIds && column ? [projectIds] : [],
      );
      digest[table] = { rows: Number(rows[0]?.rows ?? 0), md5: rows[0]?.md5 ?? '' };
    }
    return digest;
  } finally {
    await client.end();
  }
}

/** Runs one query on the service's database. */
export async function query<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}
