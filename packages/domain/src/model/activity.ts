import type { Json, JsonObject } from './json.js';

/** Who caused an activity. `api` activities fire no webhook. */
export type Origin = 'applicant' | 'admin' | 'system' | 'api';

/** A user as the platform describes one. Anything else it sends is never forwarded. */
export interface UserRef {
  readonly id: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly role?: 'parent' | 'child';
  readonly parentId?: string;
}

interface ActivityBase {
  /** The platform's own id: reporting it twice is idempotent. */
  readonly id: string;
  readonly origin: Origin;
  readonly occurredAt: Date;
}

/** What the platform reports. A closed union: the catalog says which events each type fires. */
export type Activity =
  | (ActivityBase & { readonly type: 'registered'; readonly user: UserRef })
  | (ActivityBase & { readonly type: 'child_added'; readonly user: UserRef })
  /** The platform assigned one form to one user (an admin's action in the back end). */
  | (ActivityBase & { readonly type: 'form_assigned'; readonly user: UserRef; readonly formId: string })
  /** The platform took one form from one user. */
  | (ActivityBase & { readonly type: 'form_unassigned'; readonly user: UserRef; readonly formId: string })
  | (ActivityBase & { readonly type: 'login'; readonly user: UserRef; readonly via: 'password' | 'remember_me' | 'sso' })
  | (ActivityBase & {
      readonly type: 'credentials_changed';
      readonly user: UserRef;
      readonly changed: readonly ('username' | 'password')[];
    })
  | (ActivityBase & {
      readonly type: 'status_changed';
      readonly users: readonly UserRef[];
      readonly status: { readonly from?: string; readonly to: string };
    })
  | (ActivityBase & {
      readonly type: 'tag_changed';
      readonly users: readonly UserRef[];
      readonly tag: { readonly name: string; readonly action: 'added' | 'removed' };
    })
  | (ActivityBase & {
      readonly type: 'payment';
      readonly user: UserRef;
      readonly kind: string;
      readonly payment: JsonObject;
      readonly cart: JsonObject;
      readonly allocations: readonly Json[];
    })
  | (ActivityBase & {
      readonly type: 'order_updated';
      readonly user: UserRef;
      readonly cart: JsonObject;
      readonly change: { readonly action: 'added' | 'removed'; readonly product: Json };
    });

/** The activity types. */
export type ActivityType = Activity['type'];

/** The three interactive moments of a form. */
export type FormMoment = 'load' | 'preprocess' | 'submission';

/** A form interaction reported on the interactive routes (load, preprocess, submissions). */
export interface FormInteraction {
  readonly id: string;
  readonly moment: FormMoment;
  readonly origin: Origin;
  readonly occurredAt: Date;
  readonly formId: string;
  readonly user: UserRef;
  /** Field id → value. */
  readonly doc: JsonObject;
  /** Submissions only: whether the platform marked this form complete. */
  readonly complete?: boolean;
  /** Submissions only: google / facebook analytics. */
  readonly analytics?: JsonObject;
}
