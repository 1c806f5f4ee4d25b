import { useEffect, useRef, useState } from 'preact/hooks';
import { problemMessage } from '../api/api-result.js';
import type { DeliveryDetail } from '../api/api-types.js';
import { formatDateTime, formatDuration } from '../model/format.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { useApi } from '../ui/api-context.js';
import { excerpt } from '../ui/attempt-summary.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';
import { useLoad } from '../ui/use-load.js';

const POLL_MS = 1000;
const GIVE_UP_MS = 60_000;

type Resend = { readonly kind: 'idle' } | { readonly kind: 'waiting' } | { readonly kind: 'done'; readonly message: string } | { readonly kind: 'error'; readonly message: string };

/** One delivery: what was sent, every attempt with its status code, duration and response excerpt, and resend. */
export function DeliveryView({ id }: { readonly id: string }) {
  const api = useApi();
  const { state, reload } = useLoad(() => api.delivery(id), [api, id]);
  const [resend, setResend] = useState<Resend>({ kind: 'idle' });
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
            <dt>Id</dt>
            <dd>
              <code>{state.value.id}</code>
            </dd>
            <dt>Event</dt>
            <dd>
              <code>{state.value.event}</code> (webhook-id <code>{state.value.eventId}</code>)
            </dd>
            <dt>Status</dt>
            <dd>
              <span class={`status status--${state.value.status}`}>{state.value.status}</span>
              {state.value.suppressedReason !== null && ` (${state.value.suppressedReason})`}
            </dd>
            <dt>Created</dt>
            <dd>
              <time dateTime={state.value.createdAt}>{formatDateTime(state.value.createdAt)}</time>
            </dd>
            {state.value.nextAttemptAt !== null && (
              <>
                <dt>Next attempt</dt>
                <dd>
                  <time dateTime={state.value.nextAttemptAt}>{formatDateTime(state.value.nextAttemptAt)}</time>
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
            <button type="button" class="button--primary" disabled={resend.kind === 'waiting'} onClick={() => void resendNow(state.value)}>
              {resend.kind === 'waiting' ? 'Resending…' : 'Resend'}
            </button>
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
            <table class="table">
              <caption class="visually-hidden">Attempts, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Result</th>
                  <th scope="col">Status code</th>
                  <th scope="col">Duration</th>
                  <th scope="col">Response excerpt or error</th>
                </tr>
              </thead>
              <tbody>
                {[...state.value.attempts]
                  .sort((a, b) => a.attemptedAt.localeCompare(b.attemptedAt))
                  .map((attempt) => (
                    <tr key={attempt.id}>
                      <td>
                        <time dateTime={attempt.attemptedAt}>{formatDateTime(attempt.attemptedAt)}</time>
                      </td>
                      <td>
                        <span class={attempt.succeeded ? 'outcome outcome--ok' : 'outcome outcome--failed'}>{attempt.succeeded ? 'Succeeded' : 'Failed'}</span>
                        {attempt.errorClass !== null && ` (${attempt.errorClass})`}
                      </td>
                      <td>{attempt.statusCode ?? '—'}</td>
                      <td>{formatDuration(attempt.durationMs)}</td>
                      <td>
                        {attempt.responseBody !== null && attempt.responseBody !== '' && <pre class="excerpt">{excerpt(attempt.responseBody)}</pre>}
                        {attempt.errorMessage !== null && <p class="cell-error">{attempt.errorMessage}</p>}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )}
          <details class="payload">
            <summary>Payload sent</summary>
            <pre>{JSON.stringify(state.value.payload, null, 2)}</pre>
          </details>
        </>
      )}
    </>
  );
}
