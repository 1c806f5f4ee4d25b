import type { Json } from './json.js';

/** Who fills a form: `user` in individual systems, `parent` or `child` in family systems. */
export type Audience = 'user' | 'parent' | 'child';

/**
 * How a form reaches a user: `audience` — every user of its audience (a parent form every
 * parent, a child form every child, a user form every applicant); `assigned` — only a user a
 * trigger (or the platform, for one user) assigns it to.
 */
export type Reach = 'audience' | 'assigned';

/** A form of a project, as the platform declares it. */
export interface Form {
  readonly projectId: string;
  readonly id: string;
  readonly name: string;
  readonly audience: Audience;
  /** Optional forms do not count towards completion. */
  readonly mandatory: boolean;
  readonly reach: Reach;
}

/** What makes a trigger add forms. `when` matches submitted field values by equality. */
export type TriggerOn =
  | { readonly type: 'account_created' }
  | { readonly type: 'child_created' }
  | { readonly type: 'form_submitted'; readonly formId: string; readonly when?: Readonly<Record<string, Json>> };

/** A rule that assigns more forms to a user (or child) when something happens. */
export interface Trigger {
  readonly projectId: string;
  readonly id: string;
  readonly on: TriggerOn;
  readonly addForms: readonly string[];
}
