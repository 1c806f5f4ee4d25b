import type { Json, Trigger, TriggerOn } from '@webhooks/domain';
import type { JSONColumnType, Selectable } from 'kysely';

/** The `triggers` table: what adds forms to a user; `when` and the form list are jsonb. */
export interface TriggerTable {
  project_id: string;
  id: string;
  on_type: TriggerOn['type'];
  on_form_id: string | null;
  on_when: JSONColumnType<Record<string, Json>, string, string> | null;
  add_forms: JSONColumnType<string[]>;
}

/** A row of `triggers` as selected. */
export type TriggerRow = Selectable<TriggerTable>;

/** Maps a domain trigger to the values of its row (jsonb columns serialised). */
export const triggerToRow = (t: Trigger) => ({
  project_id: t.projectId,
  id: t.id,
  on_type: t.on.type,
  on_form_id: t.on.type === 'form_submitted' ? t.on.formId : null,
  on_when: t.on.type === 'form_submitted' && t.on.when !== undefined ? JSON.stringify(t.on.when) : null,
  add_forms: JSON.stringify(t.addForms),
});

/** Rebuilds the `on` of a trigger from its columns. */
function triggerOn(r: TriggerRow): TriggerOn {
  switch (r.on_type) {
    case 'account_created':
    case 'child_created':
      return { type: r.on_type };
    case 'form_submitted':
      return { type: 'form_submitted', formId: r.on_form_id ?? '', ...(r.on_when === null ? {} : { when: r.on_when }) };
  }
}

/** Maps a row back to the domain trigger. */
export const rowToTrigger = (r: TriggerRow): Trigger => ({
  projectId: r.project_id,
  id: r.id,
  on: triggerOn(r),
  addForms: r.add_forms,
});
