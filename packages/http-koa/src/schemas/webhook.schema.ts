import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { DateTime, EventKey, Nullable, Strict, StringEnum } from './common.schema.js';
import { SecretString } from './secret-field.js';

const FailurePolicy = StringEnum(['open', 'closed'], 'Interactive events only: go on without a failed subscriber (`open`) or stop the form (`closed`).');
const Url = Type.String({ minLength: 1, maxLength: 4096, description: 'An absolute https URL (the domain checks and normalises it).' });
const Description = Nullable(Type.String({ maxLength: 500 }));
const TimeoutMs = Type.Integer({ minimum: 100, maximum: 30_000, description: 'Interactive: 100–10000 (default 3000); notify: 1000–30000 (default 15000).' });

const input = {
  event: EventKey,
  url: Url,
  description: Type.Optional(Description),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  timeoutMs: Type.Optional(TimeoutMs),
  failurePolicy: Type.Optional(FailurePolicy),
};

/** A new webhook. */
export const CreateWebhookBody = Strict(input);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

/** A change of a webhook: any of its fields; the result is validated as a whole. */
export const ChangeWebhookBody = Strict(
  { ...input, event: Type.Optional(EventKey), url: Type.Optional(Url) },
  { minProperties: 1 },
);
export type ChangeWebhookBody = Static<typeof ChangeWebhookBody>;

const webhookFields = {
  id: Type.String(),
  event: Type.String(),
  url: Type.String(),
  description: Nullable(Type.String()),
  enabled: Type.Boolean(),
  disabledReason: Nullable(
    Type.String({
      description:
        'Why the service disabled it: `gone` after the endpoint answered 410, `failing` after every attempt failed for longer than the deployment allows (5 days by default). Re-enable it with `PATCH {"enabled": true}`, which clears this and `failingSince`.',
    }),
  ),
  failingSince: Nullable(Type.String({ format: 'date-time', maxLength: 40, description: 'Since when every delivery attempt to it has failed (the first failure after its last success); null while it is healthy. Kept once it is disabled as `failing`.' })),
  timeoutMs: Type.Integer(),
  failurePolicy: FailurePolicy,
  createdAt: DateTime,
  updatedAt: DateTime,
};

/** A webhook (never its secret). */
export const WebhookView = Strict(webhookFields);
export type WebhookView = Static<typeof WebhookView>;

/** A webhook with its current signing secret: the answer of create and rotate-secret only. */
export const WebhookWithSecretView = Strict({
  ...webhookFields,
  secret: SecretString({ description: 'The current signing secret (`whsec_…`), shown here only.' }),
});
export type WebhookWithSecretView = Static<typeof WebhookWithSecretView>;

/** Which deliveries the health counts. */
export const WebhookStatsQuery = Strict({
  since: Type.Optional({ ...DateTime, description: 'Count the deliveries created at or after this time; 24 hours before the request when absent.' }),
});
export type WebhookStatsQuery = Static<typeof WebhookStatsQuery>;

const count = (description: string) => Type.Integer({ minimum: 0, description });

/** One webhook's health over the window. */
export const WebhookHealthView = Strict(
  {
    webhookId: Type.String(),
    succeeded: count('Deliveries created in the window that succeeded (one that succeeded at its third attempt counts once).'),
    failed: count('Deliveries created in the window that failed (retries exhausted).'),
    pending: count('Deliveries created in the window still to be sent or retried.'),
    failedAttempts: count('Attempts of those deliveries that failed, in their current round (a resend starts a new one).'),
    failedBeforeSuccess: count('Of those, the attempts that failed before their delivery succeeded.'),
    succeededAfterRetry: count('Succeeded deliveries that needed more than one attempt.'),
  },
  { description: "A webhook's deliveries created in the window, by their status now; suppressed ones (never sent) are not counted." },
);

/** The health of every webhook of a project, in one answer. */
export const WebhookStatsView = Strict({
  since: DateTime,
  items: Type.Array(WebhookHealthView, { description: 'Every webhook with a delivery created since `since`, by id; a webhook not listed had none.' }),
});
export type WebhookStatsView = Static<typeof WebhookStatsView>;
