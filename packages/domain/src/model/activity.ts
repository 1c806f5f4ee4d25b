import type { PaymentKind } from '../catalog/payment-kinds.js';
import type { Json, JsonObject } from './json.js';

/** Who caused an activity. `api` activities fire no webhook. */
export type Origin = 'applicant' | 'admin' | 'system' | 'api';

/**
 * An id the platform chose (user, activity, interaction, form in a trigger): a string, or a whole
 * number. A number is keyed as its decimal string (`idKey`: `42` and `"42"` are one user), and
 * payloads show the id as it was sent.
 */
export type PlatformId = string | number;

/** A user as the platform describes one. Anything else it sends is never forwarded. */
export interface UserRef {
  readonly id: PlatformId;
  readonly username: string;
  /** The user's e-mail address, delivered in `user_info.email`. */
  readonly email?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly role?: 'parent' | 'child';
  readonly parentId?: PlatformId;
  /**
   * The platform's own data about the user (bounded, see `USER_FIELDS_LIMITS`), delivered in
   * `user_info.fields` with every `password` key removed at any depth.
   */
  readonly fields?: JsonObject;
}

/** A user with its ids as keys (`keyedUser`), as completion state records users. */
export type KeyedUser = Omit<UserRef, 'id' | 'parentId'> & { readonly id: string; readonly parentId?: string };

interface ActivityBase {
  /** The platform's own id: reporting it twice is idempotent. */
  readonly id: PlatformId;
  readonly origin: Origin;
  readonly occurredAt: Date;
}

/** What the platform reports. A closed union: the catalog says which events each type fires. */
export type Activity =
  | (ActivityBase & { readonly type: 'registered'; readonly user: UserRef })
  | (ActivityBase & { readonly type: 'child_added'; readonly user: UserRef })
  /** The platform assigned one form to one user (an admin's action in the back end). */
  | (ActivityBase & { readonly type: 'form_assigned'; readonly user: UserRef; readonly formId: PlatformId })
  /** The platform took one form from one user. */
  | (ActivityBase & { readonly type: 'form_unassigned'; readonly user: UserRef; readonly formId: PlatformId })
  | (ActivityBase & { readonly type: 'login'; readonly user: UserRef; readonly via: 'password' | 'remember_me' | 'sso' })
  | (ActivityBase & {
      readonly type: 'credentials_changed';
      readonly user: UserRef;
      readonly changed: readonly ('username' | 'password')[];
    })
  | (ActivityBase & {
      readonly type: 'status_changed';
      /** Each applicant may carry the status it had before (a group may come from several). */
      readonly users: readonly (UserRef & { readonly previousStatus?: string })[];
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
      readonly kind: PaymentKind;
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
  readonly id: PlatformId;
  readonly moment: FormMoment;
  readonly origin: Origin;
  /** When it happened; the time the service took it when the platform did not say. */
  readonly occurredAt?: Date;
  readonly formId: string;
  readonly user: UserRef;
  /** Field id → value. */
  readonly doc: JsonObject;
  /** Submissions only, and required there: whether the platform marked this form complete. */
  readonly complete?: boolean;
  /** Submissions only: google / facebook analytics. */
  readonly analytics?: JsonObject;
}
