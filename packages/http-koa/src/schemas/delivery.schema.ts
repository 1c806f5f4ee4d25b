import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { RESPONSE_CLASSES } from '@webhooks/domain';
import { AnyJson, DateTime, EventKey, MAX_NAME, Nullable, PageQuery, Strict, StringEnum, WebhookId, serviceId } from './common.schema.js';

const Status = StringEnum(['pending', 'succeeded', 'failed', 'suppressed']);

/** The log's filters a bulk resend takes too (all but status and `from`). */
const logFilters = {
  webhookId: Type.Optional(WebhookId),
  event: Type.Optional(EventKey),
  to: Type.Optional({ ...DateTime, description: 'Created before this time.' }),
  responseClass: Type.Optional(
    StringEnum(RESPONSE_CLASSES, 'At least one attempt got an answer of this class; `none`: sent, but no HTTP answer (timeout, refused, …).'),
  ),
  eventId: Type.Optional(serviceId('msg', 'The event id: the `webhook-id` (`msg_…`) a receiver saw.')),
  applicant: Type.Optional(
    Type.String({ minLength: 1, maxLength: MAX_NAME, description: "The platform's user the event concerns: its id or its username, exactly." }),
  ),
  resentAt: Type.Optional({
    ...DateTime,
    description:
      "The deliveries whose current round the resend of this time started (a delivery's `resentAt`, exactly): the `resentAt` a bulk resend answers finds what it queued, as long as no later resend started them again.",
  }),
};

/** The log's filters, every one (status and `from` too). */
const allLogFilters = {
  ...logFilters,
  status: Type.Optional(Status),
  from: Type.Optional({ ...DateTime, description: 'Created at or after this time.' }),
};

/** Filters of the delivery log. */
export const DeliveryQuery = Strict({ ...PageQuery, ...allLogFilters });
export type DeliveryQuery = Static<typeof DeliveryQuery>;

/** Filters of the log's counts: the log's, without paging. */
export const DeliveryCountsQuery = Strict(allLogFilters);
export type DeliveryCountsQuery = Static<typeof DeliveryCountsQuery>;

/** Deliveries counted by status. */
export const DeliveryCountsView = Strict(
  {
    pending: Type.Integer({ minimum: 0, description: 'Queued, waiting for an attempt or a retry.' }),
    succeeded: Type.Integer({ minimum: 0 }),
    failed: Type.Integer({ minimum: 0, description: 'Every attempt of the current round failed, or the receiver refused it for good.' }),
    suppressed: Type.Integer({ minimum: 0, description: 'Never sent: the rules or a disabled webhook held it back.' }),
    total: Type.Integer({ minimum: 0, description: 'The sum of the four.' }),
  },
  { description: 'The deliveries the filters match, counted by their status now.' },
);
export type DeliveryCountsView = Static<typeof DeliveryCountsView>;

const deliveryFields = {
  id: Type.String(),
  webhookId: Type.String(),
  event: Type.String(),
  eventId: Type.String({ description: 'The `webhook-id` the receiver saw.' }),
  status: Status,
  nextAttemptAt: Nullable(DateTime),
  suppressedReason: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  resentAt: Nullable({ ...DateTime, description: 'When a resend started the current round (the same for every delivery one bulk resend queued); null on the first round.' }),
  createdAt: DateTime,
  updatedAt: DateTime,
};

/** Whether the resend rules allow a resend now: what `POST …/resend` would answer, said before it is asked. */
export const ResendabilityView = Strict(
  {
    allowed: Type.Boolean(),
    reason: Nullable(Type.String({ description: 'When refused: the `reason` a resend would answer 409 with (`interactive_call`, `webhook_disabled`, …).' })),
    detail: Nullable(Type.String({ description: 'When refused: why, and what to do (the sentence the 409 `detail` gives).' })),
  },
  { description: 'Whether a resend would be accepted now, and if not why (the same rule `POST …/resend` applies).' },
);
export type ResendabilityView = Static<typeof ResendabilityView>;

/** A delivery in the log. */
export const DeliveryView = Strict({ ...deliveryFields, attempts: Type.Integer({ minimum: 0, description: 'Attempts of the current round.' }), resend: ResendabilityView });
export type DeliveryView = Static<typeof DeliveryView>;

/** The request of an attempt as it left: what the receiver saw. */
export const SentRequestView = Strict(
  {
    url: Type.String({ description: 'The target URL at the time of the attempt.' }),
    headers: Type.Record(Type.String(), Type.String(), { description: 'Headers sent, among them `webhook-id`, `webhook-timestamp` and `webhook-signature`.' }),
    body: Type.String({ description: 'The body exactly as sent (and signed).' }),
  },
  { description: 'The request as sent; null where nothing was sent (held) or on attempts logged before requests were kept.' },
);
export type SentRequestView = Static<typeof SentRequestView>;

/** One attempt at sending a delivery. */
export const AttemptView = Strict({
  id: Type.String(),
  attemptedAt: DateTime,
  durationMs: Type.Number({ minimum: 0 }),
  statusCode: Nullable(Type.Integer()),
  responseBody: Nullable(Type.String({ description: 'The response body, capped.' })),
  errorClass: Nullable(Type.String({ description: '`http_status`, `timeout`, `dns`, `refused`, `tls`, `network`, `blocked`, …' })),
  errorMessage: Nullable(Type.String()),
  succeeded: Type.Boolean(),
  request: Nullable(SentRequestView),
  responseHeaders: Nullable(
    Type.Record(Type.String(), Type.String(), { description: 'The response headers, lower-cased names; null when no HTTP answer came (or on an attempt logged without evidence).' }),
  ),
});
export type AttemptView = Static<typeof AttemptView>;

/** A delivery with its payload and every attempt. */
export const DeliveryDetailView = Strict({
  ...deliveryFields,
  payload: AnyJson,
  test: Type.Boolean({ description: 'A test send made from the webhook (`POST …/test`), not an event of the platform.' }),
  attempts: Type.Array(AttemptView, { description: 'Every attempt, of every round.' }),
  resend: ResendabilityView,
});
export type DeliveryDetailView = Static<typeof DeliveryDetailView>;

/** A test send: its one attempt, and the delivery that logs it. */
export const TestSendView = Strict({ ...AttemptView.properties, deliveryId: Type.String({ description: 'The delivery logging this test send.' }) });
export type TestSendView = Static<typeof TestSendView>;

/** A bulk resend. */
export const ResendFailedBody = Strict({
  since: Type.Optional({ ...DateTime, description: 'Only failed deliveries created at or after this time; absent: however old.' }),
  ...logFilters,
  dryRun: Type.Optional(Type.Boolean({ description: 'Only count: queue nothing, answer how many would be queued and skipped.' })),
});
export type ResendFailedBody = Static<typeof ResendFailedBody>;

/** What a bulk resend did. */
export const ResendFailedView = Strict(
  {
    dryRun: Type.Boolean({ description: 'True when only counted: nothing was queued.' }),
    queued: Type.Integer({ minimum: 0, description: 'Failed deliveries queued again (a new round of attempts each) — on a dry run, how many would be.' }),
    skipped: Type.Integer({ minimum: 0, description: 'Failed deliveries the resend rules refused (left failed).' }),
    skippedByReason: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
      description:
        'The skipped, counted by reason (only the reasons met): `interactive_call`, `webhook_deleted`, `webhook_disabled`, ' +
        '`api_origin`, `remember_me`, `family_only` — the `reason`s a single resend answers 409 with.',
    }),
    resentAt: Nullable({
      ...DateTime,
      description:
        'The `resentAt` of every delivery this resend queued (one time for all of them); null on a dry run. `GET …/deliveries/counts?resentAt=…` follows them to their outcome, `GET …/deliveries?resentAt=…` lists them.',
    }),
  },
  { description: 'How many failed deliveries a bulk resend queued, and how many it skipped, by reason.' },
);
export type ResendFailedView = Static<typeof ResendFailedView>;
