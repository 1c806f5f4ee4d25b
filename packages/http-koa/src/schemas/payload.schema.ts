import type { TObject, TProperties, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { USER_INFO_FIELDS } from '@webhooks/domain';
import type { EventType } from '@webhooks/domain';
import { ActivityBody, Origin, UserRef } from './activity.schema.js';
import { DateTime, FormId, ProjectId, Strict, StringEnum } from './common.schema.js';
import { FormView } from './form.schema.js';
import { InteractionBody, SubmissionBody } from './interaction.schema.js';

/** A property schema without its `Optional` mark: what was optional in a request is always sent. */
const required = (schema: TSchema): TSchema => Type.Optional(schema, false);

/** The schema of a property of one activity variant of the request contract (`payment` → `cart`). */
function activityField(type: string, name: string): TSchema {
  const variant = (ActivityBody.anyOf as readonly TObject[]).find((v) => (v.properties['type'] as { const?: unknown } | undefined)?.const === type);
  const field = variant?.properties[name];
  if (!field) throw new Error(`no activity ${type} with a field ${name}`);
  return required(field);
}

/**
 * `user_info`: the fields the domain's `userInfo` copies (`USER_INFO_FIELDS`), each described by the
 * property of the platform's user it is read from; those the platform must send are always there.
 */
export const UserInfo = Strict(
  Object.fromEntries(
    USER_INFO_FIELDS.map(([field, property]) => {
      const schema = required(UserRef.properties[property]);
      return [field, (UserRef.required as readonly string[] | undefined)?.includes(property) ? schema : Type.Optional(schema)];
    }),
  ) as TProperties,
  { description: 'The user the event is about, as the platform described them (never a password).' },
);

/** `meta_info`: where and when the event happened (written by the domain's `buildEnvelope`). */
export const MetaInfo = Strict(
  {
    project_id: ProjectId,
    project_name: Type.String(),
    system: StringEnum(['individual', 'family']),
    activity_id: Type.String({ description: "The platform's id of the activity or interaction (`test_…` for a test send)." }),
    origin: Origin,
    occurred_at: DateTime,
    page: Type.Optional(
      Strict(
        { number: Type.Integer({ minimum: 1 }), of: Type.Integer({ minimum: 1 }) },
        { description: 'Group events split in pages: which page of how many (each page its own event).' },
      ),
    ),
  },
  { description: 'Which project, system, activity and origin, and when.' },
);

/** `form_info`, as the domain's `formInfo` writes it. */
export const FormInfo = Strict(
  {
    id: FormId,
    name: FormView.properties.name,
    audience: FormView.properties.audience,
    mandatory: FormView.properties.mandatory,
    complete: Type.Optional(Type.Boolean({ description: 'Whether the platform marked the submission complete (submissions only).' })),
  },
  { description: 'The form submitted or loaded.' },
);

const statusChange = activityField('status_changed', 'status') as TObject;

/**
 * Every payload field the catalog names, described by the request fields it is copied from (see
 * the planners of `@webhooks/domain`): `username` from the user, `doc` and `analytics` from the
 * interaction, the payment, cart and change fields from their activities.
 */
const PAYLOAD_FIELDS: Readonly<Record<string, TSchema>> = {
  username: { ...required(UserRef.properties.username), description: 'The new username (never the password).' },
  form_info: FormInfo,
  doc: required(InteractionBody.properties.doc),
  analytics: required(SubmissionBody.properties.analytics),
  status_info: Strict(
    { from: Type.Union([required(statusChange.properties['from'] as TSchema), Type.Null()]), to: statusChange.properties['to'] as TSchema },
    { description: 'The status change; `from` is null when the platform did not say.' },
  ),
  tag_info: activityField('tag_changed', 'tag'),
  payment_info: Type.Object(
    { kind: activityField('payment', 'kind') },
    { additionalProperties: true, description: "The platform's payment object, with its `kind` (`issued`, `refunded`, `approved`, …)." },
  ),
  cart_info: activityField('payment', 'cart'),
  allocated_payments: activityField('payment', 'allocations'),
  change: activityField('order_updated', 'change'),
};

/** The component name of an event's payload: `form_submit_{form}` → `FormSubmitFormEvent`. */
export function payloadSchemaName(type: EventType): string {
  const words = type.key.replace(/[{}]/g, '').split('_');
  return `${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}Event`;
}

/** The concrete keys of a row: its own key, or its prefix followed by a form id. */
function eventKeySchema(type: EventType): TSchema {
  if (type.formPrefix === null) return Type.Literal(type.key);
  const formId = (FormId.pattern ?? '').replace(/^\^|\$$/g, '');
  return Type.String({ pattern: `^${type.formPrefix}${formId}$`, description: `\`${type.formPrefix}\` followed by the form id.`, examples: [`${type.formPrefix}42`] });
}

/**
 * The body every subscriber of `type` receives, from the catalog row and the payload fields:
 * `{ event, event_id, occurred_at, project_id, user_info, meta_info, …the row's fields }`, and
 * `test: true` on a test send. Throws for a field no schema describes (a catalog row added
 * without its field schema).
 */
export function payloadSchema(type: EventType): TObject {
  const fields = Object.fromEntries(
    type.payload.map((field) => {
      const schema = PAYLOAD_FIELDS[field];
      if (!schema) throw new Error(`payload field ${field} of ${type.key} has no schema in PAYLOAD_FIELDS`);
      return [field, schema];
    }),
  );
  return Strict(
    {
      event: eventKeySchema(type),
      event_id: Type.String({ description: 'The event id (`msg_…`), also the `webhook-id` header: the same on every attempt and resend.' }),
      occurred_at: DateTime,
      project_id: ProjectId,
      user_info: type.group ? Type.Array(UserInfo, { minItems: 1, description: 'One per applicant of this page.' }) : UserInfo,
      meta_info: MetaInfo,
      ...fields,
      test: Type.Optional(Type.Literal(true, { description: 'Present on test sends only (sample values).' })),
    },
    { title: type.key, description: type.description },
  );
}
