import type { JsonObject } from '../model/json.js';
import type { Project } from '../model/project.js';
import { buildEnvelope } from './envelope.js';

/** A sample value for each payload field of the catalog, so a sample looks like a real event. */
const SAMPLES: Readonly<Record<string, JsonObject[string]>> = {
  username: 'sample.user@example.com',
  form_info: { id: 'sample-form', name: 'Sample form', audience: 'user', mandatory: true, complete: true },
  doc: { first_name: 'Sample', last_name: 'User' },
  analytics: { google: null, facebook: null },
  status_info: { from: 'applied', to: 'accepted' },
  payment_info: { id: 'sample-payment', amount: 100, currency: 'USD', status: 'approved' },
  cart_info: { items: [{ product: 'Sample product', amount: 100 }] },
  allocated_payments: [{ payment: 'sample-payment', item: 'Sample product', amount: 100 }],
  tag_info: { name: 'sample', action: 'added' },
  change: { action: 'added', product: 'Sample product' },
};

/**
 * The payload of a sample event (`test: true`, a sample user, a sample value for each of the
 * event's `fields`): what a test send delivers, and what the catalog shows as an example.
 */
export function samplePayload(input: {
  readonly eventId: string;
  readonly key: string;
  readonly fields: readonly string[];
  readonly occurredAt: Date;
  readonly project: Pick<Project, 'id' | 'name' | 'system'>;
  readonly activityId: string;
}): JsonObject {
  const extras: JsonObject = { test: true };
  for (const field of input.fields) extras[field] = SAMPLES[field] ?? null;
  return buildEnvelope({
    eventId: input.eventId,
    key: input.key,
    occurredAt: input.occurredAt,
    project: input.project,
    activityId: input.activityId,
    origin: 'admin',
    userInfo: { id: 'sample-user', username: 'sample.user@example.com', first_name: 'Sample', last_name: 'User' },
    extras,
  });
}
