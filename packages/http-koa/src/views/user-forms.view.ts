import type { UserForms } from '@webhooks/domain';
import type { UserFormsView } from '../schemas/user-forms.schema.js';
import { formView } from './form.view.js';

/** A user's forms as answered. */
export function userFormsView(forms: UserForms): UserFormsView {
  return {
    userId: forms.userId,
    role: forms.role,
    complete: forms.complete,
    items: forms.forms.items.map((f) => ({ ...formView(f.form), reachedBy: f.reachedBy, unassigned: f.unassigned, complete: f.complete })),
    nextCursor: forms.forms.nextCursor,
  };
}
