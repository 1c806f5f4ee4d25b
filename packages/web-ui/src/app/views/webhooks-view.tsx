import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { problemMessage } from '../api/api-result.js';
import type { Webhook, WebhookHealth } from '../api/api-types.js';
import { collectPages } from '../api/collect-pages.js';
import { formatLocal } from '../model/format.js';
import { routeHref } from '../model/route.js';
import { useApi } from '../ui/api-context.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { Field } from '../ui/field.js';
import type { WebhookFilter, WebhookState } from '../model/webhook-filter.js';
import { filterWebhooks } from '../model/webhook-filter.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';
import type { Load } from '../ui/use-load.js';
import { useLoad } from '../ui/use-load.js';
import type { RowResult } from './webhook-row.js';
import { WebhookRow } from './webhook-row.js';

/** Every webhook of the project, following the pages (at most 2,000). */
export function loadAllWebhooks(api: ApiClient) {
  return collectPages((cursor) => api.webhooks(cursor), { maxPages: 20 });
}

/** The grace periods a rotation offers, in hours. */
const GRACE_HOURS = [0, 1, 24, 72, 168] as const;

/** A grace period in words. */
function graceLabel(hours: number): string {
  return hours === 0 ? 'not at all: it stops now' : hours < 24 ? `${hours} hour${hours === 1 ? '' : 's'}` : `${hours / 24} day${hours === 24 ? '' : 's'}`;
}

/** Webhooks on one page of the table. */
const PAGE = 20;

type Pending = { readonly kind: 'delete' | 'rotate'; readonly webhook: Webhook };

/** The Webhooks tab: a table of the webhooks, each with its last 24 hours (all read in one call) and its actions. */
export function WebhooksView() {
  const api = useApi();
  const { state, reload } = useLoad(() => loadAllWebhooks(api), [api]);
  const webhooks = state.kind === 'ok' ? state.value : null;
  const [filter, setFilter] = useState<WebhookFilter>({ search: '', state: '' });
  const [pageIndex, setPageIndex] = useState(0);
  const matching = webhooks === null ? null : filterWebhooks(webhooks, filter);
  const pages = matching === null ? 0 : Math.ceil(matching.length / PAGE);
  // A page past the end (after a delete or a narrower filter) shows the last one.
  const page = Math.max(0, Math.min(pageIndex, pages - 1));
  const visible = matching?.slice(page * PAGE, (page + 1) * PAGE) ?? null;
  // One call for every webhook's last 24 hours, whatever the count; read again after a test send.
  const { state: stats, reload: refreshStats } = useLoad(() => api.webhookStats(), [api]);
  const healthOf = (id: string): Load<WebhookHealth | undefined> =>
    stats.kind === 'ok' ? { kind: 'ok', value: stats.value.items.find((h) => h.webhookId === id) } : stats;
  const [results, setResults] = useState<ReadonlyMap<string, RowResult>>(new Map());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [graceHours, setGraceHours] = useState(24);

  const setResult = (id: string, result: RowResult | undefined) =>
    setResults((previous) => {
      const next = new Map(previous);
      if (result === undefined) next.delete(id);
      else next.set(id, result);
      return next;
    });
  const withBusy = async (id: string, action: () => Promise<void>) => {
    setBusy((previous) => new Set(previous).add(id));
    try {
      await action();
    } finally {
      setBusy((previous) => new Set([...previous].filter((x) => x !== id)));
    }
  };

  const test = (webhook: Webhook) =>
    withBusy(webhook.id, async () => {
      setResult(webhook.id, { kind: 'testing' });
      const result = await api.sendTest(webhook.id);
      setResult(webhook.id, result.kind === 'ok' ? { kind: 'tested', attempt: result.value } : { kind: 'error', message: `The test event could not be sent: ${problemMessage(result.problem)}` });
      refreshStats();
    });
  const toggle = (webhook: Webhook) =>
    withBusy(webhook.id, async () => {
      const result = await api.updateWebhook(webhook.id, { enabled: !webhook.enabled });
      if (result.kind === 'ok') {
        setResult(webhook.id, undefined);
        setNotice(`${webhook.event} → ${webhook.url} is now ${result.value.enabled ? 'enabled' : 'disabled'}.`);
        reload();
      } else setResult(webhook.id, { kind: 'error', message: problemMessage(result.problem) });
    });
  const confirm = async () => {
    if (pending === null) return;
    const { kind, webhook } = pending;
    setPending(null);
    await withBusy(webhook.id, async () => {
      if (kind === 'rotate') {
        const result = await api.rotateSecret(webhook.id, graceHours);
        const oldSigns = graceHours === 0 ? 'The old secret no longer signs.' : `The old secret keeps signing until ${formatLocal(new Date(Date.now() + graceHours * 3_600_000).toISOString())} (${graceLabel(graceHours)}).`;
        setResult(webhook.id, result.kind === 'ok' ? { kind: 'secret', webhook: result.value, oldSigns } : { kind: 'error', message: problemMessage(result.problem) });
        return;
      }
      const result = await api.deleteWebhook(webhook.id);
      if (result.kind === 'ok') {
        setNotice(`Deleted the webhook of ${webhook.event} → ${webhook.url}.`);
        reload();
      } else setResult(webhook.id, { kind: 'error', message: problemMessage(result.problem) });
    });
  };

  return (
    <>
      <div class="view-head">
        <PageHeading title="Webhooks" />
        <a class="button button--primary" href={routeHref({ view: 'new-webhook' })}>
          Add webhook
        </a>
      </div>
      <p class="lead">
        Each webhook sends one event of this project to one URL. <em>Last 24 hours</em> counts the deliveries created since then by their status now, and
        the attempts that failed — some before their delivery succeeded.
      </p>
      {notice !== null && <Notice tone="success">{notice}</Notice>}
      {state.kind === 'loading' && <p>Loading webhooks…</p>}
      {state.kind === 'error' && <Notice tone="error">The webhooks could not be loaded: {state.message}</Notice>}
      {webhooks !== null && webhooks.length === 0 && <p>No webhooks yet. Add one to start receiving events.</p>}
      {webhooks !== null && webhooks.length > 0 && (
        <form class="filters" role="search" aria-label="Find webhooks" onSubmit={(e) => e.preventDefault()}>
          <Field id="webhooks-search" label="Find" hint="Event, URL, description or id">
            {(control) => (
              <input
                {...control}
                type="search"
                value={filter.search}
                onInput={(e) => {
                  setFilter({ ...filter, search: e.currentTarget.value });
                  setPageIndex(0);
                }}
              />
            )}
          </Field>
          <Field id="webhooks-state" label="State">
            {(control) => (
              <select
                {...control}
                value={filter.state}
                onChange={(e) => {
                  setFilter({ ...filter, state: e.currentTarget.value as WebhookState });
                  setPageIndex(0);
                }}
              >
                <option value="">Any state</option>
                <option value="enabled">Enabled</option>
                <option value="disabled">Disabled</option>
                <option value="failing">Failing, or disabled by the service</option>
              </select>
            )}
          </Field>
          <p role="status" class="filters__count">
            {matching?.length === webhooks.length ? `${webhooks.length} ${webhooks.length === 1 ? 'webhook' : 'webhooks'}` : `${matching?.length ?? 0} of ${webhooks.length} webhooks`}
          </p>
        </form>
      )}
      {matching !== null && webhooks !== null && webhooks.length > 0 && matching.length === 0 && <p class="empty">No webhook matches.</p>}
      {visible !== null && visible.length > 0 && (
        <table class="table table--webhooks">
          <caption class="visually-hidden">Webhooks</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Event</th>
              <th scope="col">State</th>
              <th scope="col">Last 24 hours</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          {visible.map((webhook) => (
            <WebhookRow
              key={webhook.id}
              webhook={webhook}
              health={healthOf(webhook.id)}
              result={results.get(webhook.id)}
              busy={busy.has(webhook.id)}
              onTest={() => void test(webhook)}
              onToggle={() => void toggle(webhook)}
              onRotate={() => setPending({ kind: 'rotate', webhook })}
              onDelete={() => setPending({ kind: 'delete', webhook })}
              onDismiss={() => setResult(webhook.id, undefined)}
            />
          ))}
        </table>
      )}
      {matching !== null && pages > 1 && (
        <nav class="pager" aria-label="Pages of webhooks">
          <button type="button" onClick={() => setPageIndex(page - 1)} disabled={page === 0}>
            Previous
          </button>
          <span class="pager__where">
            {page * PAGE + 1}–{Math.min((page + 1) * PAGE, matching.length)} of {matching.length}
          </span>
          <button type="button" onClick={() => setPageIndex(page + 1)} disabled={page === pages - 1}>
            Next
          </button>
        </nav>
      )}
      {pending?.kind === 'delete' && (
        <ConfirmDialog title="Delete this webhook?" confirmLabel="Delete webhook" danger onConfirm={() => void confirm()} onCancel={() => setPending(null)}>
          <p>
            <code>{pending.webhook.event}</code> will no longer be sent to <code>{pending.webhook.url}</code>. Its delivery log stays.
          </p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'rotate' && (
        <ConfirmDialog title="Rotate the signing secret?" confirmLabel="Rotate secret" onConfirm={() => void confirm()} onCancel={() => setPending(null)}>
          <p>
            A new secret signs the requests to <code>{pending.webhook.url}</code>. The old one can keep signing alongside it while you update your
            receiver.
          </p>
          <Field id="rotate-grace" label="The old secret keeps signing">
            {(control) => (
              <select {...control} value={String(graceHours)} onChange={(e) => setGraceHours(Number(e.currentTarget.value))}>
                {GRACE_HOURS.map((hours) => (
                  <option key={hours} value={String(hours)}>
                    {graceLabel(hours)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </ConfirmDialog>
      )}
    </>
  );
}
