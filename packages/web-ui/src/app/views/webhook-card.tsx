import { useEffect, useId, useRef } from 'preact/hooks';
import type { TestSend, Webhook, WebhookWithSecret } from '../api/api-types.js';
import { disabledExplanation } from '../model/disabled-reason.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { AttemptSummary } from '../ui/attempt-summary.js';
import { Notice } from '../ui/notice.js';
import { SecretPanel } from '../ui/secret-panel.js';
import { VerifyPanel } from '../ui/verify-panel.js';
import { TimeText } from '../ui/time-text.js';
import { SuccessChart } from '../ui/success-chart.js';
import type { Load } from '../ui/use-load.js';
import type { WebhookStats } from '../ui/use-webhook-stats.js';

/** What is shown under a webhook after an action: a test send's attempt, a new secret, or an error. */
export type CardResult =
  | { readonly kind: 'testing' }
  | { readonly kind: 'tested'; readonly attempt: TestSend }
  | { readonly kind: 'secret'; readonly webhook: WebhookWithSecret; readonly oldSigns: string }
  | { readonly kind: 'error'; readonly message: string };

/** Props of {@link WebhookCard}. */
export interface WebhookCardProps {
  readonly webhook: Webhook;
  readonly stats: Load<WebhookStats> | undefined;
  readonly result: CardResult | undefined;
  readonly busy: boolean;
  readonly onTest: () => void;
  readonly onToggle: () => void;
  readonly onRotate: () => void;
  readonly onDelete: () => void;
  readonly onDismiss: () => void;
}

/** One webhook of the list: what it listens to and where, how it went lately, and its actions. */
export function WebhookCard({ webhook, stats, result, busy, onTest, onToggle, onRotate, onDelete, onDismiss }: WebhookCardProps) {
  const id = useId();
  const disabled = disabledExplanation(webhook);
  // A button is disabled while its action runs, which drops the focus: once done, it goes back to
  // the button that started it (unless the admin has moved on), the result announced below.
  const started = useRef<HTMLElement | null>(null);
  const from = (action: () => void) => (event: Event) => {
    started.current = event.currentTarget as HTMLElement;
    action();
  };
  useEffect(() => {
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (!busy && lost && started.current?.isConnected === true) started.current.focus();
  }, [busy]);
  return (
    <article class="card" aria-labelledby={`${id}-event`}>
      <div class="card__head">
        <h2 id={`${id}-event`} class="card__event">
          {webhook.event}
        </h2>
        <span class={webhook.enabled ? 'badge badge--on' : 'badge badge--off'}>
          {webhook.enabled ? 'Enabled' : `Disabled${webhook.disabledReason === null ? '' : ` (${webhook.disabledReason})`}`}
        </span>
      </div>
      <p class="card__url">
        <span class="visually-hidden">URL: </span>
        {webhook.url}
      </p>
      {webhook.description !== null && webhook.description !== '' && <p class="card__description">{webhook.description}</p>}
      {disabled !== null && (
        <p class={webhook.disabledReason === null ? 'card__disabled' : 'card__disabled card__disabled--service'} id={`${id}-disabled`}>
          {disabled}
        </p>
      )}
      <dl class="card__stats">
        <div>
          <dt>Last 24 hours</dt>
          <dd>{stats === undefined || stats.kind === 'loading' ? 'Loading…' : stats.kind === 'error' ? `Not available: ${stats.message}` : <SuccessChart history={stats.value.history} />}</dd>
        </div>
        <div>
          <dt>Last attempt</dt>
          <dd>{stats?.kind === 'ok' ? <LastAttempt stats={stats.value} /> : '…'}</dd>
        </div>
      </dl>
      <div class="actions" role="group" aria-label={`Actions for ${webhook.event}`}>
        <button type="button" class="button--primary" onClick={from(onTest)} disabled={busy}>
          Send test event
        </button>
        <a class="button" href={routeHref({ view: 'edit-webhook', id: webhook.id })}>
          Edit
        </a>
        <button type="button" onClick={from(onToggle)} disabled={busy} aria-describedby={disabled === null ? undefined : `${id}-disabled`}>
          {webhook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" onClick={from(onRotate)} disabled={busy}>
          Rotate secret
        </button>
        <a class="button" href={routeHref({ view: 'deliveries', query: { ...ALL_DELIVERIES, webhookId: webhook.id } })}>
          Deliveries
        </a>
        <button type="button" class="button--danger" onClick={from(onDelete)} disabled={busy}>
          Delete
        </button>
      </div>
      <div class="card__result" aria-live="polite">
        {result !== undefined && <Result result={result} onDismiss={onDismiss} />}
      </div>
    </article>
  );
}

function LastAttempt({ stats }: { readonly stats: WebhookStats }) {
  const attempt = stats.lastAttempt;
  if (attempt === null) return <>None yet</>;
  const code = attempt.statusCode === null ? (attempt.errorClass ?? 'no answer') : `HTTP ${attempt.statusCode}`;
  return (
    <>
      <span class={attempt.succeeded ? 'outcome outcome--ok' : 'outcome outcome--failed'}>{attempt.succeeded ? 'Succeeded' : 'Failed'}</span> ({code}),{' '}
      <TimeText iso={attempt.attemptedAt} relative />
    </>
  );
}

function Result({ result, onDismiss }: { readonly result: CardResult; readonly onDismiss: () => void }) {
  switch (result.kind) {
    case 'testing':
      return <p>Sending a test event…</p>;
    case 'tested':
      return (
        <div class="test-result">
          <h3>Test event</h3>
          <AttemptSummary attempt={result.attempt} />
          <p>
            <a href={routeHref({ view: 'delivery', id: result.attempt.deliveryId })}>Open this delivery</a>
          </p>
        </div>
      );
    case 'secret':
      return (
        <>
          <SecretPanel heading="New signing secret" secret={result.webhook.secret} onDone={onDismiss} />
          <p role="status">{result.oldSigns}</p>
          <VerifyPanel />
        </>
      );
    case 'error':
      return <Notice tone="error">{result.message}</Notice>;
  }
}
