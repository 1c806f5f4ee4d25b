import type { FormContext, FormContextReads } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../database.js';
import type { FormRow } from '../tables/form.table.js';
import { rowToForm } from '../tables/form.table.js';
import type { ProjectRow } from '../tables/project.table.js';
import { rowToProject } from '../tables/project.table.js';
import type { SubscriptionRow } from '../tables/subscription.table.js';
import { rowToSubscription } from '../tables/subscription.table.js';

/** A row as `to_jsonb` gives it: timestamps as ISO strings. */
type Json<Row> = { [K in keyof Row]: Row[K] extends Date ? string : Row[K] };

/**
 * A form's context in one statement (an interactive call waits for it): the four reads of
 * `StoredFormContexts` as scalar subqueries, each row as `to_jsonb` of the table's row (its keys
 * the column names), so only the timestamps need turning back into Dates.
 */
export class SqlFormContexts implements FormContextReads {
  constructor(private readonly db: Kysely<Database>) {}

  async read(projectId: string, formId: string, eventKeys: readonly string[]): Promise<FormContext> {
    const { rows } = await sql<{ project: Json<ProjectRow> | null; form: FormRow | null; subscriptions: Json<SubscriptionRow>[]; has_api_admin: boolean }>`
      select
        (select to_jsonb(p) from projects p where p.id = ${projectId}) as project,
        (select to_jsonb(f) from forms f where f.project_id = ${projectId} and f.id = ${formId}) as form,
        (select coalesce(jsonb_agg(to_jsonb(s) order by s.created_at, s.id), '[]'::jsonb)
           from subscriptions s where s.project_id = ${projectId} and s.event_key = any(${[...eventKeys]}::text[])) as subscriptions,
        exists (select 1 from admins a where a.project_id = ${projectId} and a.api_admin and a.active) as has_api_admin
    `.execute(this.db);
    const [row] = rows;
    if (!row) throw new Error('a select without FROM answers one row');
    return {
      project: row.project ? rowToProject({ ...row.project, created_at: new Date(row.project.created_at) }) : null,
      form: row.form ? rowToForm(row.form) : null,
      subscriptions: row.subscriptions.map((s) =>
        rowToSubscription({
          ...s,
          created_at: new Date(s.created_at),
          updated_at: new Date(s.updated_at),
          failing_since: s.failing_since === null ? null : new Date(s.failing_since),
        }),
      ),
      hasApiAdmin: row.has_api_admin,
    };
  }
}
