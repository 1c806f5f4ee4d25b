import type { FailurePolicy, SigningSecret, Subscription } from '@webhooks/domain';
import type { JSONColumnType, Selectable } from 'kysely';

/** A signing secret as stored in the `secrets` jsonb array. */
export interface SecretJson {
  secret: string;
  createdAt: string;
  expiresAt: string | null;
}

/** The `subscriptions` table: webhooks, with their signing secrets as jsonb. */
export interface SubscriptionTable {
  id: string;
  project_id: string;
  event_key: string;
  url: string;
  description: string | null;
  enabled: boolean;
  disabled_reason: string | null;
  /** Since when every attempt has failed; null while healthy. */
  failing_since: Date | null;
  timeout_ms: number;
  failure_policy: FailurePolicy;
  secrets: JSONColumnType<SecretJson[]>;
  created_at: Date;
  updated_at: Date;
}

/** A row of `subscriptions` as selected. */
export type SubscriptionRow = Selectable<SubscriptionTable>;

/** Serialises signing secrets for the jsonb column. */
const secretsToJson = (secrets: readonly SigningSecret[]): string =>
  JSON.stringify(
    secrets.map((s): SecretJson => ({ secret: s.secret, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt?.toISOString() ?? null })),
  );

/** Reads signing secrets back from the jsonb column. */
export const secretsFromJson = (secrets: readonly SecretJson[]): SigningSecret[] =>
  secrets.map((s) => ({ secret: s.secret, createdAt: new Date(s.createdAt), expiresAt: s.expiresAt === null ? null : new Date(s.expiresAt) }));

/** Maps a domain subscription to the values of its row. */
export const subscriptionToRow = (s: Subscription) => ({
  id: s.id,
  project_id: s.projectId,
  event_key: s.eventKey,
  url: s.url,
  description: s.description,
  enabled: s.enabled,
  disabled_reason: s.disabledReason,
  failing_since: s.failingSince,
  timeout_ms: s.timeoutMs,
  failure_policy: s.failurePolicy,
  secrets: secretsToJson(s.secrets),
  created_at: s.createdAt,
  updated_at: s.updatedAt,
});

/** Maps a row back to the domain subscription. */
export const rowToSubscription = (r: SubscriptionRow): Subscription => ({
  id: r.id,
  projectId: r.project_id,
  eventKey: r.event_key,
  url: r.url,
  description: r.description,
  enabled: r.enabled,
  disabledReason: r.disabled_reason,
  failingSince: r.failing_since,
  timeoutMs: r.timeout_ms,
  failurePolicy: r.failure_policy,
  secrets: secretsFromJson(r.secrets),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});
