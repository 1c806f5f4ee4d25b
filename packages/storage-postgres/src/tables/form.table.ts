import type { Audience, Form, Reach } from '@webhooks/domain';
import type { Selectable } from 'kysely';

/** The `forms` table: the forms a project declares; ids are the platform's, unique per project. */
export interface FormTable {
  project_id: string;
  id: string;
  name: string;
  audience: Audience;
  mandatory: boolean;
  /** How the form reaches users: `audience` (every user of its audience) or `assigned` (only when assigned). */
  reach: Reach;
}

/** A row of `forms` as selected. */
export type FormRow = Selectable<FormTable>;

/** Maps a domain form to its row. */
export const formToRow = (f: Form): FormRow => ({
  project_id: f.projectId,
  id: f.id,
  name: f.name,
  audience: f.audience,
  mandatory: f.mandatory,
  reach: f.reach,
});

/** Maps a row back to the domain form. */
export const rowToForm = (r: FormRow): Form => ({
  projectId: r.project_id,
  id: r.id,
  name: r.name,
  audience: r.audience,
  mandatory: r.mandatory,
  reach: r.reach,
});
