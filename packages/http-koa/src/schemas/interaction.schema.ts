import type { Static, TSchema } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { MAX_FOCUS_LENGTH, MAX_JDOC_KEYS, MAX_MESSAGE_LENGTH, MAX_REDIRECT_LENGTH } from '@webhooks/domain';
import { AnyJson, DateTime, JsonObjectSchema, MAX_TEXT, Nullable, PlatformId, Strict, StringEnum } from './common.schema.js';
import { Origin, UserRef } from './activity.schema.js';

const common = {
  id: {
    ...PlatformId,
    description:
      "The platform's id of this interaction, a string or a whole number: repeating it with the same body (this moment, this form) answers the same decision without calling anyone again; with another body, 409 `id_reused`.",
  },
  origin: Origin,
  occurredAt: Type.Optional({ ...DateTime, description: 'When it happened; the time the request arrived when left out.' }),
  user: UserRef,
  doc: JsonObjectSchema('The form: field id → value.'),
};

/** A form loading, or a submission about to be processed. */
export const InteractionBody = Strict(common, { description: 'A form interaction.' });
export type InteractionBody = Static<typeof InteractionBody>;

/** A submission, saved by the platform. */
export const SubmissionBody = Strict(
  {
    ...common,
    complete: Type.Boolean({
      description: 'Required: whether this submission completes the form (true) or not (false). Left out, the submission is refused (422 naming `complete`), never read as false.',
    }),
    analytics: Type.Optional(JsonObjectSchema('Google / Facebook analytics, forwarded in form_submitted.')),
  },
  { description: 'A saved submission.' },
);
export type SubmissionBody = Static<typeof SubmissionBody>;

const MessageType = StringEnum(['error', 'notification', 'warning', 'success', 'information']);

/** What the platform applies to the user's form. */
export const DecisionView = Strict(
  {
    proceed: Type.Boolean({ description: 'False: stop (preprocess), or show the error (submission, load).' }),
    messages: Type.Array(Strict({ text: Type.String(), type: MessageType, webhookId: Nullable(Type.String()) })),
    patch: Type.Record(Type.String(), AnyJson, {
      description:
        'Field id → new value: the `jdoc`s of the answers, a later webhook winning a field. Empty whenever `proceed` is false — stop and ' +
        'patch never combine: an error answer or a closed failure drops every `jdoc`, its own and the other webhooks\' (each a conflict). ' +
        'After a submission the events it queues (form_submitted, user_complete, child_complete) carry the `doc` with this patch applied.',
    }),
    focusOn: Type.Optional(Type.String({ description: 'The field to focus.' })),
    redirect: Type.Optional(Type.String({ description: 'An absolute http(s) URL to send the user to.' })),
    failures: Type.Array(Strict({ webhookId: Type.String(), reason: Type.String({ maxLength: MAX_TEXT * 4 }) })),
    conflicts: Type.Array(Strict({ webhookId: Type.String(), reason: Type.String(), field: Type.Optional(Type.String()) }), {
      description: 'Rules the answers broke (a jdoc dropped because the decision stops, two webhooks patching one field, …).',
    }),
  },
  { description: 'The decision of an interactive event.' },
);
export type DecisionView = Static<typeof DecisionView>;

/** A field of a subscriber's answer: absent, null and (for text) "" all mean "not given". */
const AnswerField = <T extends TSchema>(schema: T) => Type.Optional(Nullable(schema));

/**
 * What an interactive subscriber answers (HTTP 2xx, JSON; an empty body is an empty answer). Every
 * field is optional; unknown fields are ignored. Anything malformed makes the call a failure.
 */
export const SubscriberAnswerView = Type.Object(
  {
    msg: AnswerField(Type.String({ maxLength: MAX_MESSAGE_LENGTH, description: 'A message to show the user.' })),
    msg_type: AnswerField(
      StringEnum(['error', 'notification', 'warning', 'success', 'information', 'info'], 'The kind of message (case-insensitive; `info` is `information`, the default). `error` stops a preprocess.'),
    ),
    jdoc: AnswerField(Type.Record(Type.String(), AnyJson, { maxProperties: MAX_JDOC_KEYS, description: 'Field id → new value: patches the form (not with an `error` on preprocess).' })),
    focus_on: AnswerField(Type.String({ maxLength: MAX_FOCUS_LENGTH, description: 'The field to focus.' })),
    redirect: AnswerField(
      Type.String({ maxLength: MAX_REDIRECT_LENGTH, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://', description: 'An absolute http(s) URL, without credentials, to send the user to.' }),
    ),
  },
  { additionalProperties: true, description: "An interactive subscriber's answer: the service folds the answers of every subscriber into one decision." },
);
export type SubscriberAnswerView = Static<typeof SubscriberAnswerView>;

/** An answer of an interactive subscriber, as the catalog shows one. */
export const ANSWER_EXAMPLE = {
  msg: 'Please check the date of birth: the camp is for ages 8 to 14.',
  msg_type: 'warning',
  jdoc: { birth_date: '2014-05-01' },
  focus_on: 'birth_date',
};

/** Each field a subscriber may answer, with its description (read from {@link SubscriberAnswerView}). */
export const ANSWER_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SubscriberAnswerView.properties).map(([name, schema]) => [name, (schema as { anyOf?: { description?: string }[] }).anyOf?.[0]?.description ?? '']),
);
