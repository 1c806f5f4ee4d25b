/** The shapes the API answers, as `spec/http-api.md` and `/openapi.json` describe them. */

/** A page of a list: `nextCursor` is null at the end. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A row of the event catalog (`GET /v1/projects/:projectId/event-types`: the events of the project's system): `key` is a pattern (`form_submit_{form}`) for per-form events. */
export interface EventType {
  readonly key: string;
  readonly mode: 'notify' | 'interactive';
  readonly familyOnly: boolean;
  readonly payload: readonly string[];
  readonly description: string;
  readonly topic: EventTopic;
  /** What a test send of it delivers. */
  readonly sample: Readonly<Record<string, unknown>>;
  /** For interactive events: each field the subscriber may answer (with what it does), and an example. */
  readonly answer: { readonly fields: Readonly<Record<string, string>>; readonly example: Readonly<Record<string, unknown>> } | null;
}

/** What an event is about, as the catalog groups it. */
type EventTopic = 'account' | 'forms' | 'completion' | 'payments' | 'statuses_tags' | 'interactive';

/** A form of the project (`GET /v1/projects/:projectId/forms`). */
export interface Form {
  readonly id: string;
  readonly name: string;
  readonly audience: string;
  readonly mandatory: boolean;
}

/** What happens to an interactive event when its subscriber fails. */
export type FailurePolicy = 'open' | 'closed';

/** A webhook (never its secret). */
export interface Webhook {
  readonly id: string;
  readonly event: string;
  readonly url: string;
  readonly description: string | null;
  readonly enabled: boolean;
  /** `gone` (the endpoint answered 410) or `failing` (every attempt failed for days); null when an admin disabled it. */
  readonly disabledReason: string | null;
  /** Since when every attempt has failed; null while healthy. */
  readonly failingSince: string | null;
  readonly timeoutMs: number;
  readonly failurePolicy: FailurePolicy;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One webhook's deliveries of the last 24 hours, by status now, and the attempts that failed (`GET …/webhook-stats`). */
export interface WebhookHealth {
  readonly webhookId: string;
  readonly succeeded: number;
  readonly failed: number;
  readonly pending: number;
  /** Failed attempts of the current round of those deliveries. */
  readonly failedAttempts: number;
  /** Of those, the attempts that failed before their delivery succeeded. */
  readonly failedBeforeSuccess: number;
  /** Succeeded deliveries that needed more than one attempt. */
  readonly succeededAfterRetry: number;
}

/** Every webhook's health since a time: the webhooks without a delivery since then are not listed. */
export interface WebhookStats {
  readonly since: string;
  readonly items: readonly WebhookHealth[];
}

/** A webhook with its current signing secret: the answer of create and rotate-secret only. */
export interface WebhookWithSecret extends Webhook {
  readonly secret: string;
}

/** What an API admin sends to create a webhook, or (any part of it) to change one. */
export interface WebhookInput {
  readonly event: string;
  readonly url: string;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly timeoutMs?: number;
  readonly failurePolicy?: FailurePolicy;
}

/** The status of a delivery. */
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'suppressed';

/** Every delivery status, in the order filters list them. */
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'succeeded', 'failed', 'suppressed'];

/** A delivery in the log; `attempts` counts the current round. */
export interface Delivery {
  readonly id: string;
  readonly webhookId: string;
  readonly event: string;
  readonly eventId: string;
  readonly status: DeliveryStatus;
  readonly nextAttemptAt: string | null;
  readonly suppressedReason: string | null;
  readonly lastError: string | null;
  /** When a resend started the current round (ISO; one time for all a bulk resend queued); null on the first round. */
  readonly resentAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly attempts: number;
  /** Whether the resend rules allow a resend now; when not, the 409's `reason` and why. */
  readonly resend: Resendability;
}

/** One attempt at sending a delivery. */
export interface Attempt {
  readonly id: string;
  readonly attemptedAt: string;
  readonly durationMs: number;
  readonly statusCode: number | null;
  readonly responseBody: string | null;
  readonly errorClass: string | null;
  readonly errorMessage: string | null;
  readonly succeeded: boolean;
  /** The request as it left; null where nothing was sent (held) or it was not kept. */
  readonly request: SentRequest | null;
  /** Lower-cased names; null when no HTTP answer came. */
  readonly responseHeaders: Readonly<Record<string, string>> | null;
}

/** One request as sent: what the receiver saw. */
interface SentRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Exactly as sent and signed. */
  readonly body: string;
}

/** A delivery with its payload and every attempt, of every round. */
export interface DeliveryDetail extends Omit<Delivery, 'attempts'> {
  readonly payload: unknown;
  /** A test send from the webhook, not an event of the platform. */
  readonly test: boolean;
  readonly attempts: readonly Attempt[];
  /** Whether the resend rules allow a resend now; when not, the 409's `reason` and `detail`. */
  readonly resend: Resendability;
}

/** What a bulk resend did — or, on a dry run, would do. */
export interface BulkResend {
  readonly dryRun: boolean;
  /** Queued again (on a dry run: would be). */
  readonly queued: number;
  readonly skipped: number;
  /** The skipped, by the resend rules' reason (`interactive_call`, `webhook_disabled`, …). */
  readonly skippedByReason: Readonly<Record<string, number>>;
  /** The `resentAt` of every delivery it queued (ISO), to follow them by; null on a dry run. */
  readonly resentAt: string | null;
}

/** Deliveries counted by status now (`GET …/deliveries/counts`). */
export interface DeliveryCounts {
  readonly pending: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly suppressed: number;
  readonly total: number;
}

/** What `POST …/resend` would answer, said before it is asked. */
interface Resendability {
  readonly allowed: boolean;
  readonly reason: string | null;
  readonly detail: string | null;
}

/** A class of answer an attempt got; `none`: sent, but no HTTP answer. */
export type ResponseClass = '2xx' | '3xx' | '4xx' | '5xx' | 'none';

/** Every response class, in the order filters list them. */
export const RESPONSE_CLASSES: readonly ResponseClass[] = ['2xx', '3xx', '4xx', '5xx', 'none'];

/** A test send: its one attempt, and the delivery that logs it. */
export interface TestSend extends Attempt {
  readonly deliveryId: string;
}

/** A field the API found at fault: `path` is dotted (`url`, `timeoutMs`), empty for the whole body. */
interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem, as every error is answered. */
export interface Problem {
  readonly type?: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly errors?: readonly FieldError[];
  readonly existingId?: string;
  /** Why a conflict (409), as a stable code: `webhook_disabled`, `interactive_call`, … */
  readonly reason?: string;
}
