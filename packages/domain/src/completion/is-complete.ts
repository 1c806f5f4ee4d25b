import type { Form } from '../model/form.js';
import type { UserState } from '../model/user-state.js';
import { userForms } from './user-forms.js';

/**
 * Whether a user's (or child's) forms are complete: every mandatory form that reached them (see
 * {@link userForms}: by audience, or assigned) is complete. Optional forms, forms that did not
 * reach them, and assigned ids missing from `forms` (or of another project or audience) do not
 * count.
 *
 * Reading: a user no mandatory form reached is NOT complete. There is nothing to complete, and
 * firing `user_complete` for someone who was never asked for anything would be noise.
 */
export function isComplete(state: UserState, forms: readonly Form[]): boolean {
  const counted = userForms(state, forms).filter((form) => form.counted);
  return counted.length > 0 && counted.every((form) => form.complete);
}
