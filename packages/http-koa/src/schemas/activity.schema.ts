import type { Static, TProperties } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { AnyJson, DateTime, DiscriminatedUnion, FormId, JsonObjectSchema, MAX_TEXT, MAX_USERS, PlatformId, Strict, StringEnum } from './common.schema.js';

/** Who caused an activity; `api` fires no webhook. */
export const Origin = StringEnum(
  ['applicant', 'admin', 'system', 'api'],
  'Who caused it. `api`: it changes state like any other origin — registration, completion, assignments — but fires no webhook: ' +
    'its events are recorded as suppressed (`api_origin`) and never sent. A transition reached through the API is spent: ' +
    'a user completed through the API is complete, and a later submission fires no user_complete / child_complete for it (only a new ' +
    'completion after new forms does); a first registration through the API is the first registration (a later one fires no user_registered).',
);

const PersonName = Type.String({ minLength: 1, maxLength: 200 });

/** A user as the platform describes one. */
export const UserRef = Strict(
  {
    id: PlatformId,
    username: Type.String({ minLength: 1, maxLength: 320 }),
    firstName: Type.Optional(PersonName),
    lastName: Type.Optional(PersonName),
    role: Type.Optional(StringEnum(['parent', 'child'])),
    parentId: Type.Optional(PlatformId),
  },
  { description: 'A user of the platform.' },
);

const Users = Type.Array(UserRef, { minItems: 1, maxItems: MAX_USERS, description: 'Every applicant concerned.' });
const Json = JsonObjectSchema('A JSON object, forwarded as given.');

/** The fields every activity has, with its `type`. */
const activity = <K extends string, P extends TProperties>(type: K, description: string, properties: P) =>
  Strict(
    {
      id: { ...PlatformId, description: "The platform's id of the activity: reporting it again is idempotent." },
      type: Type.Literal(type),
      origin: Origin,
      occurredAt: DateTime,
      ...properties,
    },
    { description, title: type },
  );

/** An activity the platform reports, one variant per `type`. */
export const ActivityBody = DiscriminatedUnion('type', [
  activity('registered', 'A user registered: fires user_registered the first time and assigns trigger forms.', { user: UserRef }),
  activity('child_added', 'A parent added a child: assigns child forms.', { user: UserRef }),
  activity('login', 'A user logged in: fires login_success unless through "remember me".', {
    user: UserRef,
    via: StringEnum(['password', 'remember_me', 'sso']),
  }),
  activity('credentials_changed', 'A user changed credentials: fires edit_user_credentials (username only).', {
    user: UserRef,
    changed: Type.Array(StringEnum(['username', 'password']), { minItems: 1, maxItems: 2, uniqueItems: true }),
  }),
  activity('status_changed', 'Applicants changed status: fires status_update.', {
    users: Users,
    status: Strict({ from: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT })), to: Type.String({ minLength: 1, maxLength: MAX_TEXT }) }),
  }),
  activity('tag_changed', 'A tag of applicants changed: fires tag_update.', {
    users: Users,
    tag: Strict({ name: Type.String({ minLength: 1, maxLength: MAX_TEXT }), action: StringEnum(['added', 'removed']) }),
  }),
  activity('payment', 'A payment changed: fires payment_event, and payment_issued or payment_refunded for those kinds.', {
    user: UserRef,
    kind: Type.String({ minLength: 1, maxLength: 50, description: '`issued`, `refunded`, `approved`, `pending`, `failed`, …' }),
    payment: Json,
    cart: Json,
    allocations: Type.Array(AnyJson, { maxItems: 1000 }),
  }),
  activity('order_updated', 'A product was added to or removed from a cart: fires user_order_updated.', {
    user: UserRef,
    cart: Json,
    change: Strict({ action: StringEnum(['added', 'removed']), product: AnyJson }),
  }),
  activity(
    'form_assigned',
    'The platform assigned one form to one user (an admin in the back end): it reaches the user from now on, whatever its `reach`, and ' +
      'counts towards their completion (an unassignment is lifted). Fires no webhook of its own; it may make a complete user incomplete, ' +
      'so that completing the form fires user_complete / child_complete again. The form must be of the user\'s audience (422 at `formId`).',
    { user: UserRef, formId: { ...FormId, description: 'The form, of the user\'s audience.' } },
  ),
  activity(
    'form_unassigned',
    'The platform took one form from one user: it no longer reaches them, whatever its `reach`, and triggers do not bring it back ' +
      '(form_assigned does). Fires no webhook of its own, but when every mandatory form left to the user is complete it is the ' +
      'transition: user_complete / child_complete fire, with `form_info` of this form plus `assignment: "unassigned"`, an empty `doc` ' +
      'and empty `analytics`. The form must be of the user\'s audience (422 at `formId`).',
    { user: UserRef, formId: { ...FormId, description: 'The form, of the user\'s audience.' } },
  ),
]);
export type ActivityBody = Static<typeof ActivityBody>;

/** What an activity fired: each event with its queued deliveries, or why it went nowhere. */
export const ActivityReportView = Strict({
  activityId: Type.String(),
  events: Type.Array(
    Strict({
      key: Type.String({ description: 'The concrete event key.' }),
      deliveries: Type.Integer({ minimum: 0, description: 'Deliveries queued.' }),
      suppressed: Type.Optional(Type.String({ description: 'Why the event went nowhere, if so (`api_origin`, `no_api_admin`, …).' })),
    }),
  ),
});
export type ActivityReportView = Static<typeof ActivityReportView>;
