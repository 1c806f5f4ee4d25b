import type { Static, TProperties } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { PAYMENT_KINDS, USER_FIELDS_LIMITS } from '@webhooks/domain';
import { AnyJson, DateTime, DiscriminatedUnion, FormRef, JsonObjectSchema, MAX_TEXT, MAX_USERS, PlatformId, Strict, StringEnum } from './common.schema.js';

/** Who caused an activity; `api` fires no webhook. */
export const Origin = StringEnum(
  ['applicant', 'admin', 'system', 'api'],
  'Who caused it. `api`: it changes state like any other origin — registration, completion, assignments — but fires no webhook: ' +
    'its events are recorded as suppressed (`api_origin`) and never sent. A transition reached through the API is spent: ' +
    'a user completed through the API is complete, and a later submission fires no user_complete / child_complete for it (only a new ' +
    'completion after new forms does); a first registration through the API is the first registration (a later one fires no user_registered).',
);

const PersonName = Type.String({ minLength: 1, maxLength: 200 });

const { maxKeys, maxKeyLength, maxDepth, maxJsonLength } = USER_FIELDS_LIMITS;

/** The platform's own data about a user; the domain checks the bounds the schema cannot say (depth, size). */
const UserFields = Type.Record(Type.String({ pattern: `^.{1,${maxKeyLength}}$` }), AnyJson, {
  maxProperties: maxKeys,
  description:
    `The platform's own data about the user (school, grade, consents…), delivered in \`user_info.fields\` with every \`password\` key removed at any depth. ` +
    `Bounded: at most ${maxKeys} keys in any one object, keys of at most ${maxKeyLength} characters, ${maxDepth} levels of objects and arrays (fields itself the first), ` +
    `${maxJsonLength} characters of JSON; past a bound, 422 naming \`user.fields\`.`,
});

const userProperties = {
  id: PlatformId,
  username: Type.String({ minLength: 1, maxLength: 320 }),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 254, description: "The user's e-mail address, delivered in `user_info.email`." })),
  firstName: Type.Optional(PersonName),
  lastName: Type.Optional(PersonName),
  role: Type.Optional(StringEnum(['parent', 'child'])),
  parentId: Type.Optional(PlatformId),
  fields: Type.Optional(UserFields),
};

/** A user as the platform describes one. */
export const UserRef = Strict(userProperties, {
  description:
    'A user of the platform. Its ids (`id`, `parentId`) are strings or whole numbers: a number is keyed as its decimal string ' +
    '(42 and "42" are one user) and payloads show each id as it was sent.',
});

const Users = Type.Array(UserRef, { minItems: 1, maxItems: MAX_USERS, description: 'Every applicant concerned.' });

/** An applicant whose status changed, with the status it had before, when the platform knows it. */
const StatusUser = Strict(
  {
    ...userProperties,
    previousStatus: Type.Optional(
      Type.String({ minLength: 1, maxLength: MAX_TEXT, description: "This applicant's status before the change, delivered as `user_info[].previous_status`." }),
    ),
  },
  { description: 'An applicant whose status changed.' },
);
const Json = JsonObjectSchema('A JSON object, forwarded as given.');

/** The fields every activity has, with its `type`. */
const activity = <K extends string, P extends TProperties>(type: K, description: string, properties: P) =>
  Strict(
    {
      id: {
        ...PlatformId,
        description:
          "The platform's id of the activity, a string or a whole number (42 and \"42\" are one id): reporting it again with the same body answers the same, with another body 409.",
      },
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
  activity('status_changed', "Applicants changed status: fires status_update. Each applicant may carry its own `previousStatus` (a group's applicants may have come from different statuses).", {
    users: Type.Array(StatusUser, { minItems: 1, maxItems: MAX_USERS, description: 'Every applicant whose status changed.' }),
    status: Strict({ from: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_TEXT })), to: Type.String({ minLength: 1, maxLength: MAX_TEXT }) }),
  }),
  activity('tag_changed', 'A tag of applicants changed: fires tag_update.', {
    users: Users,
    tag: Strict({ name: Type.String({ minLength: 1, maxLength: MAX_TEXT }), action: StringEnum(['added', 'removed']) }),
  }),
  activity('payment', 'A payment changed: fires payment_event, and payment_issued or payment_refunded for those kinds.', {
    user: UserRef,
    kind: StringEnum(
      PAYMENT_KINDS,
      'What happened to the payment, a closed list: `issued` (made by an applicant or processed by an admin: also fires payment_issued), ' +
        '`refunded` (also fires payment_refunded), `approved`, `pending`, `failed`, `cancelled` (payment_event alone).',
    ),
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
    { user: UserRef, formId: { ...FormRef, description: 'The form (its id, or a number naming the form whose id is its decimal string), of the user\'s audience.' } },
  ),
  activity(
    'form_unassigned',
    'The platform took one form from one user: it no longer reaches them, whatever its `reach`, and triggers do not bring it back ' +
      '(form_assigned does). Fires no webhook of its own, but when every mandatory form left to the user is complete it is the ' +
      'transition: user_complete / child_complete fire, with `form_info` of this form plus `assignment: "unassigned"`, an empty `doc` ' +
      'and empty `analytics`. The form must be of the user\'s audience (422 at `formId`).',
    { user: UserRef, formId: { ...FormRef, description: 'The form (its id, or a number naming the form whose id is its decimal string), of the user\'s audience.' } },
  ),
]);
export type ActivityBody = Static<typeof ActivityBody>;

/** What an activity fired: each event with its queued deliveries, or why it went nowhere. */
export const ActivityReportView = Strict({
  activityId: { ...PlatformId, description: 'The activity id, as it was sent.' },
  events: Type.Array(
    Strict({
      key: Type.String({ description: 'The concrete event key.' }),
      deliveries: Type.Integer({ minimum: 0, description: 'Deliveries queued.' }),
      suppressed: Type.Optional(Type.String({ description: 'Why the event went nowhere, if so (`api_origin`, `no_api_admin`, …).' })),
    }),
  ),
});
export type ActivityReportView = Static<typeof ActivityReportView>;
