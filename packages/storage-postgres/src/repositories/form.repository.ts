import type { Form, FormContext, FormStore, Trigger } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../database.js';
import type { FormRow } from '../tables/form.table.js';
import { formToRow, rowToForm } from '../tables/form.table.js';
import type { ProjectRow } from '../tables/project.table.js';
import { rowToProject } from '../tables/project.table.js';
import type { SubscriptionRow } from '../tables/subscription.table.js';
import { rowToSubscription } from '../tables/subscription.table.js';
import { rowToTrigger, triggerToRow } from '../tables/trigger.table.js';
import { allOrNothing } from '../sql/all-or-nothing.js';

/** A row as `to_jsonb` gives it: timestamps as ISO strings. */
type Json<Row> = { [K in keyof Row]: Row[K] extends Date ? string : Row[K] };

/** Forms and triggers in Postgres; lists are ordered by id. */
export class FormRepository implements FormStore {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertForm(form: Form): Promise<void> {
    const row = formToRow(form);
    await this.db
      .insertInto('forms')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'id']).doUpdateSet({ name: row.name, audience: row.audience, mandatory: row.mandatory, reach: row.reach }))
      .execute();
  }

  async getForm(projectId: string, formId: string): Promise<Form | null> {
    const row = await this.db.selectFrom('forms').selectAll().where('project_id', '=', projectId).where('id', '=', formId).executeTakeFirst();
    return row ? rowToForm(row) : null;
  }

  /**
   * One statement, four reads: each row comes back as `to_jsonb` of the table's row (its keys the
   * column names), so only the timestamps need turning back into Dates.
   */
  async getFormContext(projectId: string, formId: string, eventKeys: readonly string[]): Promise<FormContext> {
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

  async listForms(projectId: string): Promise<readonly Form[]> {
    const rows = await this.db.selectFrom('forms').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
    return rows.map(rowToForm);
  }

  /** The form's row, and its entries of the project's users' assignments (jsonb, order kept), in one transaction. */
  async deleteForm(projectId: string, formId: string): Promise<boolean> {
    return allOrNothing(this.db, 2, async (db) => {
      const deleted = await db.deleteFrom('forms').where('project_id', '=', projectId).where('id', '=', formId).executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      await sql`
        update user_states
           set assignments = (select coalesce(jsonb_agg(a order by n), '[]'::jsonb)
                                from jsonb_array_elements(assignments) with ordinality as e(a, n)
                               where a->>'formId' <> ${formId})
         where project_id = ${projectId}
           and assignments @> jsonb_build_array(jsonb_build_object('formId', ${formId}::text))`.execute(db);
      return true;
    });
  }

  async deleteTrigger(projectId: string, triggerId: string): Promise<boolean> {
    const deleted = await this.db.deleteFrom('triggers').where('project_id', '=', projectId).where('id', '=', triggerId).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  async upsertTrigger(trigger: Trigger): Promise<void> {
    const row = triggerToRow(trigger);
    await this.db
      .insertInto('triggers')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['project_id', 'id']).doUpdateSet({ on_type: row.on_type, on_form_id: row.on_form_id, on_when: row.on_when, add_forms: row.add_forms }),
      )
      .execute();
  }

  async listTriggers(projectId: string): Promise<readonly Trigger[]> {
    const rows = await this.db.selectFrom('triggers').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
    return rows.map(rowToTrigger);
  }
}
