import { activeSecrets } from '../subscriptions/signing-secret.js';
import { signatureHeaders } from '../delivery/signature.js';
import { parseSubscriberAnswer } from '../interactive/subscriber-answer.js';
import type { HookCall } from '../interactive/combine-decision.js';
import type { Attempt, Delivery } from '../model/delivery.js';
import { attemptOf } from './attempt-of.js';
import { storableText } from '../text/storable-text.js';
import { attemptReport } from './attempt-report.js';
import type { AttemptObserver } from '../ports/attempt-observer.port.js';
import type { WebhookEvent } from '../model/event.js';
import type { Subscription } from '../model/subscription.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { OutboundRequest, TransportResult, WebhookTransport } from '../ports/webhook-transport.port.js';

/** The calls made for one interactive event, with what to record of them. */
export interface HookCalls {
  readonly calls: readonly HookCall[];
  readonly deliveries: readonly Delivery[];
  readonly attempts: readonly Attempt[];
}

/** Why a transport result is not a usable answer, or null when it is one. */
function failureOf(result: TransportResult): string | null {
  if (result.kind === 'error') return `${result.error}: ${result.message}`;
  if (result.status < 200 || result.status > 299) return `status ${result.status}`;
  return null;
}

/**
 * Calls every enabled subscription of an interactive event concurrently, under one deadline, and
 * turns each answer into a HookCall (in the subscriptions' order) plus a delivery and attempt to
 * log; the observer is told of each call (succeeded or failed: interactive calls are not retried).
 */
export async function callHooks(
  deps: { readonly transport: WebhookTransport; readonly clock: Clock; readonly ids: IdGenerator; readonly observer?: AttemptObserver },
  event: WebhookEvent,
  subscriptions: readonly Subscription[],
  deadlineMs: number,
): Promise<HookCalls> {
  const body = JSON.stringify(event.payload);
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), deadlineMs);
  try {
    const results = await Promise.all(
      subscriptions.map(async (sub) => {
        const startedAt = deps.clock.now();
        const request: OutboundRequest = {
          url: sub.url,
          body,
          timeoutMs: Math.min(sub.timeoutMs, deadlineMs),
          signal: deadline.signal,
          lane: 'interactive',
          headers: signatureHeaders({ msgId: event.id, timestamp: startedAt, body, secrets: activeSecrets(sub.secrets, startedAt) }),
        };
        const result = await deps.transport.send(request);
        return { sub, startedAt, request, result };
      }),
    );
    const calls: HookCall[] = [];
    const deliveries: Delivery[] = [];
    const attempts: Attempt[] = [];
    for (const { sub, startedAt, request, result } of results) {
      const transportFailure = failureOf(result);
      const parsed = result.kind === 'response' && !transportFailure ? parseSubscriberAnswer(result.body, result.truncated) : null;
      // Kept in the decision and the log: storable whatever the subscriber sent.
      const failure = transportFailure ?? (parsed?.kind === 'invalid' ? `invalid answer: ${parsed.reason}` : null);
      const reason = failure === null ? null : storableText(failure);
      calls.push(
        parsed?.kind === 'ok'
          ? { webhookId: sub.id, failurePolicy: sub.failurePolicy, outcome: { kind: 'answered', answer: parsed.answer } }
          : { webhookId: sub.id, failurePolicy: sub.failurePolicy, outcome: { kind: 'failed', reason: reason ?? 'no answer' } },
      );
      const deliveryId = deps.ids.next('dlv');
      const succeeded = reason === null;
      const delivery: Delivery = {
        id: deliveryId,
        projectId: event.projectId,
        eventId: event.id,
        subscriptionId: sub.id,
        eventKey: event.key,
        status: succeeded ? 'succeeded' : 'failed',
        attemptCount: 1,
        resentAt: null,
        nextAttemptAt: null,
        suppressedReason: null,
        lastError: reason,
        createdAt: startedAt,
        updatedAt: startedAt,
      };
      const attempt = attemptOf({
        id: deps.ids.next('att'),
        deliveryId,
        projectId: event.projectId,
        subscriptionId: sub.id,
        attemptedAt: startedAt,
        result,
        request,
        errorClass: result.kind === 'error' ? result.error : transportFailure ? 'http_status' : parsed?.kind === 'invalid' ? 'invalid_response' : null,
        errorMessage: reason,
        succeeded,
      });
      deliveries.push(delivery);
      attempts.push(attempt);
      deps.observer?.attempted(
        attemptReport({ source: 'interactive', delivery, attempt, number: 1, outcome: succeeded ? 'succeeded' : 'failed', retryInMs: null, now: deps.clock.now() }),
      );
    }
    return { calls, deliveries, attempts };
  } finally {
    clearTimeout(timer);
  }
}
