import type { Form } from './form.js';
import type { AssignmentSource } from './user-state.js';

/** How a form reached a user: through its audience, or through an assignment of this source. */
export type ReachedBy = 'audience' | AssignmentSource;

/** One form of a user's audience, as completion sees it for that user. */
export interface UserForm {
  readonly form: Form;
  /** How the form reached the user; null when it has not (or was unassigned). */
  readonly reachedBy: ReachedBy | null;
  /** The platform unassigned it from this user. */
  readonly unassigned: boolean;
  /** The user's last submission of it was complete. */
  readonly complete: boolean;
  /** It reached the user and is mandatory: completion waits for it. */
  readonly counted: boolean;
}
