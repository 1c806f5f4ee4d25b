import type { Form, FormStore, Trigger } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../database.js';
import { formToRow, rowToForm } from '../tables/form.table.js';
import { rowToTrigger, triggerToRow } from '../tables/trigger.table.js';
import { allOrNothing } from '../sql/all-or-nothing.js';

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
