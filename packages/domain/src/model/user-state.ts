/** A person's role in the project, as completion sees it. */
export type UserRole = 'applicant' | 'parent' | 'child';

/** Where an assignment came from. */
export type AssignmentSource = 'account_created' | 'child_created' | 'trigger' | 'submission';

/** One form assigned to one user (or child). */
export interface Assignment {
  readonly formId: string;
  readonly completed: boolean;
  readonly source: AssignmentSource;
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
