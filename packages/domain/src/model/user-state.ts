/** A person's role in the project, as completion sees it. */
export type UserRole = 'applicant' | 'parent' | 'child';

/**
 * Where an assignment came from: a trigger on account or child creation, a trigger on a
 * submission, the user's own submission, or the platform (`form_assigned` / `form_unassigned`).
 */
export type AssignmentSource = 'account_created' | 'child_created' | 'trigger' | 'submission' | 'platform';

/** One form assigned to one user (or child), or taken from them by the platform. */
export interface Assignment {
  readonly formId: string;
  /** The last submission of the form marked it complete. */
  readonly completed: boolean;
  readonly source: AssignmentSource;
  /**
   * The platform unassigned the form: it does not reach this user — whatever its reach, triggers
   * or submissions — until the platform assigns it again.
   */
  readonly unassigned?: true;
}

/** What the service remembers of a user to decide completion: assignments and the last verdict. */
export interface UserState {
  readonly projectId: string;
  readonly userId: string;
  readonly role: UserRole;
  readonly parentId: string | null;
  /** True once `user_registered` has been decided for this user (fires once). */
  readonly registered: boolean;
  /** The completion verdict last recorded: user_complete / child_complete fire on its rising edge. */
  readonly complete: boolean;
  readonly assignments: readonly Assignment[];
}
