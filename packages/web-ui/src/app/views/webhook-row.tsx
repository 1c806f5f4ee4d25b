import { useEffect, useId, useRef } from 'preact/hooks';
import type { TestSend, Webhook, WebhookHealth, WebhookWithSecret } from '../api/api-types.js';
import { disabledExplanation } from '../model/disabled-reason.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { NO_DELIVERIES, healthText } from '../model/webhook-health.js';
import { AttemptSummary } from '../ui/attempt-summary.js';
import { Notice } from '../ui/notice.js';
import { SecretPanel } from '../ui/secret-panel.js';
import type { Load } from '../ui/use-load.js';
import { VerifyPanel } from '../ui/verify-panel.js';

/** What is shown under a webhook after an action: a test send's attempt, a new secret, or an error. */
export type RowResult =
  | { readonly kind: 'testing' }
  | { readonly kind: 'tested'; readonly attempt: TestSend }
  | { readonly kind: 'secret'; readonly webhook: WebhookWithSecret; readonly oldSigns: string }
  | { readonly kind: 'error'; readonly message: string };

/** Columns of the webhooks table (the notes below a row span them all). */
const WEBHOOK_COLUMNS = 5;

/** Props of {@link WebhookRow}. */
export interface WebhookRowProps {
  readonly webhook: Webhook;
  /** Its last 24 hours: from the one stats call of the list (undefined: it had no delivery). */
  readonly health: Load<WebhookHealth | undefined>;
  readonly result: RowResult | undefined;
  readonly busy: boolean;
  readonly onTest: () => void;
  readonly onToggle: () => void;
  readonly onRotate: () => void;
  readonly onDelete: () => void;
  readonly onDismiss: () => void;
}

/**
 * One webhook of the table, as its own row group: the row (URL, event, state, last 24 hours,
 * actions), then, spanning the columns, why it is disabled (if it is) and the result of its last
 * action. On a phone the cells stack (see `.table--webhooks` in app.css).
 */
export function WebhookRow({ webhook, health, result, busy, onTest, onToggle, onRotate, onDelete, onDismiss }: WebhookRowProps) {
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
  const state = webhook.enabled ? 'Enabled' : `Disabled${webhook.disabledReason === null ? '' : ` (${webhook.disabledReason})`}`;
  return (
    <tbody class="webhook" aria-labelledby={`${id}-url`}>
      <tr>
        <th scope="row" class="cell-webhook">
          <span id={`${id}-url`} class="truncate webhook__url" title={webhook.url}>
            {webhook.url}
          </span>
          {webhook.description !== null && webhook.description !== '' && (
            <span class="truncate webhook__description" title={webhook.description}>
              {webhook.description}
            </span>
          )}
        </th>
        <td class="cell-event" data-label="Event">
          <code class="truncate" title={webhook.event}>
            {webhook.event}
          </code>
        </td>
        <td class="cell-state">
          <span class={webhook.enabled ? 'badge badge--on' : webhook.disabledReason === null ? 'badge badge--off' : 'badge badge--bad'}>{state}</span>
        </td>
        <td class="cell-health" data-label="Last 24 hours">
          <Health health={health} />
        </td>
        <td class="cell-actions">
          <div class="actions actions--row" role="group" aria-label={`Actions for ${webhook.event} → ${webhook.url}`}>
            <button type="button" class="button--small button--primary" onClick={from(onTest)} disabled={busy}>
              Send test event
            </button>
            <a class="button button--small" href={routeHref({ view: 'edit-webhook', id: webhook.id })}>
              Edit
            </a>
            <button type="button" class="button--small" onClick={from(onToggle)} disabled={busy} aria-describedby={disabled === null ? undefined : `${id}-disabled`}>
              {webhook.enabled ? 'Disable' : 'Enable'}
            </button>
            <button type="button" class="button--small" onClick={from(onRotate)} disabled={busy}>
              Rotate secret
            </button>
            <a class="button button--small" href={routeHref({ view: 'deliveries', query: { ...ALL_DELIVERIES, webhookId: webhook.id } })}>
              Deliveries
            </a>
            <button type="button" class="button--small button--danger" onClick={from(onDelete)} disabled={busy}>
              Delete
            </button>
          </div>
        </td>
      </tr>
      {disabled !== null && (
        <tr class="webhook__note">
          <td colSpan={WEBHOOK_COLUMNS}>
            <p class={webhook.disabledReason === null ? 'disabled-note' : 'disabled-note disabled-note--service'} id={`${id}-disabled`}>
              {disabled}
            </p>
          </td>
        </tr>
      )}
      <tr class="webhook__result">
        <td colSpan={WEBHOOK_COLUMNS} aria-live="polite">
          {result !== undefined && <Result result={result} onDismiss={onDismiss} />}
        </td>
      </tr>
    </tbody>
  );
}

function Health({ health }: { readonly health: Load<WebhookHealth | undefined> }) {
  if (health.kind === 'loading') return <>Loading…</>;
  if (health.kind === 'error') return <>Not available: {health.message}</>;
  const text = healthText(health.value ?? NO_DELIVERIES);
  return (
    <>
      <span class="health__deliveries">{text.deliveries}</span>
      {text.rate !== '' && <span class="health__rate"> ({text.rate})</span>}
      {text.attempts !== '' && <span class="health__attempts">{text.attempts}</span>}
    </>
  );
}

function Result({ result, onDismiss }: { readonly result: RowResult; readonly onDismiss: () => void }) {
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
