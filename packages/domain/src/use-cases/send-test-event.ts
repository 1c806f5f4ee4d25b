import { parseEventKey } from '../catalog/event-key.js';
import { decideNext } from '../delivery/decide-next.js';
import { signatureHeaders } from '../delivery/signature.js';
import { samplePayload } from '../payloads/sample-payload.js';
import { activeSecrets } from '../subscriptions/signing-secret.js';
import type { Attempt, Delivery } from '../model/delivery.js';
import type { WebhookEvent } from '../model/event.js';
import type { Result } from '../model/result.js';
import { notFound, ok } from '../model/result.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Random } from '../ports/random.port.js';
import type { Storage } from '../ports/storage.port.js';
import type { OutboundRequest, WebhookTransport } from '../ports/webhook-transport.port.js';
import type { RetryPolicy } from '../delivery/retry-policy.js';
import { attemptOf } from './attempt-of.js';
import { storableText } from '../text/storable-text.js';
import { attemptReport } from './attempt-report.js';
import type { AttemptObserver } from '../ports/attempt-observer.port.js';

/** The test send's result: the delivery it logged and its single attempt. */
export interface TestSend {
  readonly delivery: Delivery;
  readonly attempt: Attempt;
}

/** Sends a sample event of a webhook's kind to it right now, and logs it like any delivery (no retries). */
export class SendTestEvent {
  constructor(
    private readonly deps: {
      readonly storage: Storage;
      readonly transport: WebhookTransport;
      readonly clock: Clock;
      readonly ids: IdGenerator;
      readonly random: Random;
      readonly retryPolicy: RetryPolicy;
      /** Told of the attempt (logs). */
      readonly observer?: AttemptObserver;
    },
  ) {}

  /** Sends the sample to webhook `id` of the project. */
  async execute(projectId: string, id: string): Promise<Result<TestSend>> {
    const [project, subscription] = await Promise.all([this.deps.storage.projects.get(projectId), this.deps.storage.subscriptions.get(projectId, id)]);
    if (!project || !subscription) return notFound('webhook');
    const parsed = parseEventKey(subscription.eventKey, null);
    const now = this.deps.clock.now();
    const eventId = this.deps.ids.next('msg');
    const event: WebhookEvent = {
      id: eventId,
      projectId,
      activityId: testActivityId(eventId),
      key: subscription.eventKey,
      occurredAt: now,
      suppressed: null,
      payload: samplePayload({
        eventId,
        key: subscription.eventKey,
        fields: parsed.kind === 'ok' ? parsed.type.payload : [],
        occurredAt: now,
        project,
        activityId: testActivityId(eventId),
      }),
    };
    const body = JSON.stringify(event.payload);
    const request: OutboundRequest = {
      url: subscription.url,
      body,
      timeoutMs: subscription.timeoutMs,
      // An API admin waits for this answer: it never queues behind the worker's deliveries.
      lane: 'interactive',
      headers: signatureHeaders({ msgId: eventId, timestamp: now, body, secrets: activeSecrets(subscription.secrets, now) }),
    };
    const result = await this.deps.transport.send(request);
    const verdict = decideNext({ result, attemptsMade: 1, now, policy: this.deps.retryPolicy, random: this.deps.random });
    const succeeded = verdict.next.kind === 'succeeded';
    const delivery: Delivery = {
      id: this.deps.ids.next('dlv'),
      projectId,
      eventId,
      subscriptionId: subscription.id,
      eventKey: subscription.eventKey,
      status: succeeded ? 'succeeded' : 'failed',
      attemptCount: 1,
      resentAt: null,
      nextAttemptAt: null,
      suppressedReason: null,
      lastError: verdict.message === null ? null : storableText(verdict.message),
      createdAt: now,
      updatedAt: now,
    };
    const attempt = attemptOf({
      id: this.deps.ids.next('att'),
      deliveryId: delivery.id,
      projectId,
      subscriptionId: subscription.id,
      attemptedAt: now,
      result,
      request,
      errorClass: verdict.errorClass,
      errorMessage: verdict.message,
      succeeded,
    });
    await this.deps.storage.transaction(async (tx) => {
      await tx.deliveries.insertEvents([event]);
      await tx.deliveries.insertDeliveries([delivery]);
      await tx.deliveries.insertAttempts([attempt]);
    });
    this.deps.observer?.attempted(
      attemptReport({ source: 'test', delivery, attempt, number: 1, outcome: succeeded ? 'succeeded' : 'failed', retryInMs: null, now: this.deps.clock.now() }),
    );
    return ok({ delivery, attempt });
  }
}

const TEST_ACTIVITY_PREFIX = 'test_';

/** The activity id a test send's event carries: no activity of the platform has it. */
function testActivityId(eventId: string): string {
  return `${TEST_ACTIVITY_PREFIX}${eventId}`;
}

/** True for the event of a test send (made by `SendTestEvent`, not reported by the platform). */
export function isTestEvent(event: Pick<WebhookEvent, 'id' | 'activityId'>): boolean {
  return event.activityId === testActivityId(event.id);
}
