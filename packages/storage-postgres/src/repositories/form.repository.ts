import type { Form, FormStore, Trigger } from '@webhooks/domain';
import type { Kysely } from 'kysely';
import type { Database } from '../database.js';
import { formToRow, rowToForm } from '../tables/form.table.js';
import { rowToTrigger, triggerToRow } from '../tables/trigger.table.js';

/** Forms and triggers in Postgres; lists are ordered by id. */
export class FormRepository implements FormStore {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertForm(form: Form): Promise<void> {
    const row = formToRow(form);
    await this.db
      .insertInto('forms')
      .values(row)
      .onConflict((oc) => oc.columns(['project_id', 'id']).doUpdateSet({ name: row.name, audience: row.audience, mandatory: row.mandatory }))
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
