import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage } from '../api/api-result.js';
import type { DeliveryDetail } from '../api/api-types.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { useApi } from '../ui/api-context.js';
import { CopyButton } from '../ui/copy-button.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';
import { TimeText } from '../ui/time-text.js';
import { useLoad } from '../ui/use-load.js';
import { AttemptEvidence } from './attempt-evidence.js';

const POLL_MS = 1000;
const GIVE_UP_MS = 60_000;

type Resend = { readonly kind: 'idle' } | { readonly kind: 'waiting' } | { readonly kind: 'done'; readonly message: string } | { readonly kind: 'error'; readonly message: string };

/** One delivery: status first, its ids (copyable), every attempt as evidence (`AttemptEvidence`), the payload, and resend. */
export function DeliveryView({ id }: { readonly id: string }) {
  const api = useApi();
  const { state, reload } = useLoad(() => api.delivery(id), [api, id]);
  const [resend, setResend] = useState<Resend>({ kind: 'idle' });
  const resendButton = useRef<HTMLButtonElement>(null);
  // The button is disabled while it works: once the result is shown beside it, the focus goes back to it.
  useEffect(() => {
    if (resend.kind === 'done' || resend.kind === 'error') resendButton.current?.focus();
  }, [resend.kind]);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const resendNow = async (before: DeliveryDetail) => {
    setResend({ kind: 'waiting' });
    const queued = await api.resend(id);
    // A 409 is the resend rules refusing it: the API says why and what to do.
    if (queued.kind !== 'ok') return setResend({ kind: 'error', message: `${queued.problem.status === 409 ? 'Not resent' : 'The resend failed'}: ${problemMessage(queued.problem)}` });
    reload();
    const started = Date.now();
    // The worker sends it soon: follow it until an attempt newer than those before has come back.
    while (alive.current && Date.now() - started < GIVE_UP_MS) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const now = await api.delivery(id);
      if (now.kind !== 'ok') return setResend({ kind: 'error', message: `The resend failed: ${problemMessage(now.problem)}` });
      if (now.value.attempts.length > before.attempts.length) {
        reload();
        const last = [...now.value.attempts].sort((a, b) => b.attemptedAt.localeCompare(a.attemptedAt))[0];
        return setResend({ kind: 'done', message: last?.succeeded ? 'Resent: the new attempt succeeded.' : 'Resent: the new attempt failed; it is retried on the usual schedule.' });
      }
    }
    if (alive.current) setResend({ kind: 'done', message: 'Resent: queued, not attempted yet. Refresh later to see the attempt.' });
  };

  return (
    <>
      <PageHeading title="Delivery" />
      <p>
        <a href={routeHref({ view: 'deliveries', query: ALL_DELIVERIES })}>Back to deliveries</a>
      </p>
      {state.kind === 'loading' && <p>Loading…</p>}
      {state.kind === 'error' && <Notice tone="error">The delivery could not be loaded: {state.message}</Notice>}
      {state.kind === 'ok' && (
        <>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <span class={`status status--${state.value.status}`}>{state.value.status}</span>
              {state.value.suppressedReason !== null && ` (${state.value.suppressedReason})`}
              {state.value.test && <span class="badge badge--test">Test send</span>}
            </dd>
            <dt>Event</dt>
            <dd>
              <code>{state.value.event}</code>
            </dd>
            <dt>webhook-id</dt>
            <dd>
              <code>{state.value.eventId}</code> <CopyButton text={state.value.eventId} what="webhook-id" />
            </dd>
            <dt>Delivery id</dt>
            <dd>
              <code>{state.value.id}</code> <CopyButton text={state.value.id} what="delivery id" />
            </dd>
            <dt>Created</dt>
            <dd>
              <TimeText iso={state.value.createdAt} />
            </dd>
            {state.value.nextAttemptAt !== null && (
              <>
                <dt>Next attempt</dt>
                <dd>
                  <TimeText iso={state.value.nextAttemptAt} />
                </dd>
              </>
            )}
            {state.value.lastError !== null && (
              <>
                <dt>Last error</dt>
                <dd>{state.value.lastError}</dd>
              </>
            )}
          </dl>
          <div class="actions">
            <button
              type="button"
              ref={resendButton}
              class="button--primary"
              disabled={resend.kind === 'waiting' || !state.value.resend.allowed}
              aria-describedby={state.value.resend.allowed ? undefined : 'resend-refused'}
              onClick={() => void resendNow(state.value)}
            >
              {resend.kind === 'waiting' ? 'Resending…' : 'Resend'}
            </button>
            {!state.value.resend.allowed && (
              <p id="resend-refused" class="resend-refused">
                Cannot be resent: {state.value.resend.detail ?? state.value.resend.reason}
              </p>
            )}
            <a class="button" href={routeHref({ view: 'deliveries', query: { ...ALL_DELIVERIES, webhookId: state.value.webhookId } })}>
              This webhook’s deliveries
            </a>
          </div>
          <div aria-live="polite">
            {resend.kind === 'waiting' && <p>Resent: waiting for the new attempt…</p>}
            {resend.kind === 'done' && <Notice tone="info">{resend.message}</Notice>}
            {resend.kind === 'error' && <Notice tone="error">{resend.message}</Notice>}
          </div>
          <h2>Attempts</h2>
          {state.value.attempts.length === 0 ? (
            <p>No attempt yet.</p>
          ) : (
            <ol class="evidence-list" aria-label="Attempts, oldest first">
              {[...state.value.attempts]
                .sort((a, b) => a.attemptedAt.localeCompare(b.attemptedAt))
                .map((attempt, index) => (
                  <AttemptEvidence key={attempt.id} attempt={attempt} number={index + 1} />
                ))}
            </ol>
          )}
          <details class="payload">
            <summary>Payload</summary>
            <CopyButton text={JSON.stringify(state.value.payload, null, 2)} what="payload" />
            <pre class="wrap">{JSON.stringify(state.value.payload, null, 2)}</pre>
          </details>
        </>
      )}
    </>
  );
}
