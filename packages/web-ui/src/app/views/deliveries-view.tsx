import { useEffect, useState } from 'preact/hooks';
import { problemMessage } from '../api/api-result.js';
import type { Delivery, DeliveryStatus, Webhook } from '../api/api-types.js';
import { DELIVERY_STATUSES } from '../api/api-types.js';
import { formatDateTime } from '../model/format.js';
import type { DeliveriesQuery } from '../model/route.js';
import { routeHref } from '../model/route.js';
import { useApi } from '../ui/api-context.js';
import { Field } from '../ui/field.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';
import { navigate } from '../ui/use-hash-route.js';
import { useLoad } from '../ui/use-load.js';
import { ResendFailedPanel } from './resend-failed-panel.js';
import { loadAllWebhooks } from './webhooks-view.js';

const PAGE = 25;

/** The Deliveries tab: the log filtered by webhook, event and status, newest first, and bulk resend. */
export function DeliveriesView({ query }: { readonly query: DeliveriesQuery }) {
  const api = useApi();
  const webhooks = useLoad(() => loadAllWebhooks(api), [api]);
  const list = webhooks.state.kind === 'ok' ? webhooks.state.value : [];
  const [rows, setRows] = useState<{ readonly items: readonly Delivery[]; readonly nextCursor: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const filter = {
    ...(query.webhookId === '' ? {} : { webhookId: query.webhookId }),
    ...(query.event === '' ? {} : { event: query.event }),
    ...(query.status === '' ? {} : { status: query.status }),
  };

  useEffect(() => {
    let current = true;
    setRows(null);
    setError(null);
    void api.deliveries(filter, { limit: PAGE }).then((result) => {
      if (!current) return;
      if (result.kind === 'ok') setRows(result.value);
      else setError(problemMessage(result.problem));
    });
    return () => {
      current = false;
    };
    // The filter is read from the query, named here field by field.
  }, [api, query.webhookId, query.event, query.status, generation]);

  const more = async () => {
    if (rows?.nextCursor == null) return;
    const result = await api.deliveries(filter, { limit: PAGE, cursor: rows.nextCursor });
    if (result.kind === 'ok') setRows({ items: [...rows.items, ...result.value.items], nextCursor: result.value.nextCursor });
    else setError(problemMessage(result.problem));
  };
  const go = (patch: Partial<DeliveriesQuery>) => navigate({ view: 'deliveries', query: { ...query, ...patch } });
  const events = [...new Set([...list.map((w) => w.event), ...(query.event === '' ? [] : [query.event])])].sort();
  const urlOf = new Map(list.map((w) => [w.id, w.url]));

  return (
    <>
      <PageHeading title="Deliveries" />
      <form class="filters" role="search" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        <Field id="filter-webhook" label="Webhook">
          {(control) => (
            <select {...control} value={query.webhookId} onChange={(e) => go({ webhookId: e.currentTarget.value })}>
              <option value="">All webhooks</option>
              {query.webhookId !== '' && !urlOf.has(query.webhookId) && <option value={query.webhookId}>{query.webhookId}</option>}
              {list.map((w: Webhook) => (
                <option key={w.id} value={w.id}>
                  {w.event} → {w.url}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="filter-event" label="Event">
          {(control) => (
            <select {...control} value={query.event} onChange={(e) => go({ event: e.currentTarget.value })}>
              <option value="">All events</option>
              {events.map((event) => (
                <option key={event} value={event}>
                  {event}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="filter-status" label="Status">
          {(control) => (
            <select {...control} value={query.status} onChange={(e) => go({ status: e.currentTarget.value as DeliveryStatus | '' })}>
              <option value="">Any status</option>
              {DELIVERY_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {status}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={() => setGeneration((n) => n + 1)}>
          Refresh
        </button>
      </form>
      {error !== null && <Notice tone="error">The deliveries could not be loaded: {error}</Notice>}
      {rows === null && error === null && <p>Loading deliveries…</p>}
      {rows !== null && rows.items.length === 0 && <p>No deliveries match these filters.</p>}
      {rows !== null && rows.items.length > 0 && (
        <table class="table">
          <caption class="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Event</th>
              <th scope="col">Webhook URL</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {rows.items.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={routeHref({ view: 'delivery', id: d.id })} aria-label={`Delivery of ${d.event} created ${formatDateTime(d.createdAt)}, ${d.status}`}>
                    <time dateTime={d.createdAt}>{formatDateTime(d.createdAt)}</time>
                  </a>
                </td>
                <td>
                  <code>{d.event}</code>
                </td>
                <td class="cell-url">{urlOf.get(d.webhookId) ?? d.webhookId}</td>
                <td>
                  <span class={`status status--${d.status}`}>{d.status}</span>
                </td>
                <td>{d.attempts}</td>
                <td class="cell-error">{d.lastError ?? d.suppressedReason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows?.nextCursor != null && (
        <button type="button" onClick={() => void more()}>
          Load more
        </button>
      )}
      <ResendFailedPanel webhookId={query.webhookId} webhookUrl={urlOf.get(query.webhookId) ?? null} onDone={() => setGeneration((n) => n + 1)} />
    </>
  );
}
