import { useEffect, useState } from 'preact/hooks';
import { problemMessage } from '../api/api-result.js';
import type { Delivery, DeliveryStatus, ResponseClass } from '../api/api-types.js';
import { DELIVERY_STATUSES, RESPONSE_CLASSES } from '../api/api-types.js';
import { toLocalInput } from '../model/format.js';
import { isFiltered, logFilter, searchTarget } from '../model/log-filter.js';
import { filterWebhooks } from '../model/webhook-filter.js';
import type { DeliveriesQuery } from '../model/route.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { useApi } from '../ui/api-context.js';
import { Field } from '../ui/field.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';
import { TimeText } from '../ui/time-text.js';
import { navigate } from '../ui/use-hash-route.js';
import { useLoad } from '../ui/use-load.js';
import { BulkResendPanel } from './bulk-resend-panel.js';
import { loadAllWebhooks } from './webhooks-view.js';

const PAGE = 25;

/** Names of the response classes, for the filter. */
const CLASS_LABELS: Readonly<Record<ResponseClass, string>> = {
  '2xx': '2xx success',
  '3xx': '3xx redirect',
  '4xx': '4xx client error',
  '5xx': '5xx server error',
  none: 'No answer (timeout, refused, …)',
};

/**
 * The Deliveries tab: the log, newest first, searched (delivery id, `webhook-id`, applicant) and
 * filtered (webhook, event, status, response class, creation time, one bulk resend), every filter
 * in the address; a row the resend rules would refuse says so ("Can’t resend: …", the API's
 * detail in its hover text); and bulk resend of what the filters show.
 */
export function DeliveriesView({ query }: { readonly query: DeliveriesQuery }) {
  const api = useApi();
  const webhooks = useLoad(() => loadAllWebhooks(api), [api]);
  const list = webhooks.state.kind === 'ok' ? webhooks.state.value : [];
  const [rows, setRows] = useState<{ readonly items: readonly Delivery[]; readonly nextCursor: string | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const [draft, setDraft] = useState(query.search);
  const [webhookText, setWebhookText] = useState('');
  const filter = logFilter(query);
  const filterKey = JSON.stringify(filter);
  const target = searchTarget(query.search);

  useEffect(() => setDraft(query.search), [query.search]);
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
    // The filter is named by its JSON text.
  }, [api, filterKey, generation]);

  const more = async () => {
    if (rows?.nextCursor == null) return;
    const result = await api.deliveries(filter, { limit: PAGE, cursor: rows.nextCursor });
    if (result.kind === 'ok') setRows({ items: [...rows.items, ...result.value.items], nextCursor: result.value.nextCursor });
    else setError(problemMessage(result.problem));
  };
  const go = (patch: Partial<DeliveriesQuery>) => navigate({ view: 'deliveries', query: { ...query, ...patch } });
  const search = (event: Event) => {
    event.preventDefault();
    const wanted = searchTarget(draft);
    if (wanted.kind === 'delivery') navigate({ view: 'delivery', id: wanted.id });
    else go({ search: draft.trim() });
  };
  const setTime = (key: 'from' | 'to', value: string) => {
    const date = new Date(value);
    go({ [key]: value === '' || Number.isNaN(date.getTime()) ? '' : date.toISOString() });
  };
  const events = [...new Set([...list.map((w) => w.event), ...(query.event === '' ? [] : [query.event])])].sort();
  const urlOf = new Map(list.map((w) => [w.id, w.url]));
  const offered = filterWebhooks(list, { search: webhookText, state: '' });

  return (
    <>
      <PageHeading title="Deliveries" />
      <form class="search-bar" role="search" aria-label="Search deliveries" onSubmit={search}>
        <Field id="log-search" label="Search" hint="A delivery id (dlv_…), a webhook-id (msg_…), or an applicant’s user id or username">
          {(control) => <input {...control} type="search" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} spellcheck={false} autoComplete="off" />}
        </Field>
        <button type="submit" class="button--primary">
          Search
        </button>
      </form>
      <form class="filters" aria-label="Filter deliveries" onSubmit={(e) => e.preventDefault()}>
        {list.length > 10 && (
          <Field id="filter-webhook-find" label="Find a webhook" hint="Narrows the webhook list">
            {(control) => <input {...control} type="search" value={webhookText} onInput={(e) => setWebhookText(e.currentTarget.value)} autoComplete="off" />}
          </Field>
        )}
        <Field id="filter-webhook" label="Webhook">
          {(control) => (
            <select {...control} value={query.webhookId} onChange={(e) => go({ webhookId: e.currentTarget.value })}>
              <option value="">All webhooks</option>
              {query.webhookId !== '' && !urlOf.has(query.webhookId) && <option value={query.webhookId}>{query.webhookId}</option>}
              {query.webhookId !== '' && !offered.some((w) => w.id === query.webhookId) && urlOf.has(query.webhookId) && (
                <option value={query.webhookId}>{urlOf.get(query.webhookId)}</option>
              )}
              {offered.map((w) => (
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
        <Field id="filter-response" label="Response">
          {(control) => (
            <select {...control} value={query.responseClass} onChange={(e) => go({ responseClass: e.currentTarget.value as ResponseClass | '' })}>
              <option value="">Any response</option>
              {RESPONSE_CLASSES.map((c) => (
                <option key={c} value={c}>
                  {CLASS_LABELS[c]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="filter-from" label="Created from">
          {(control) => <input {...control} type="datetime-local" value={query.from === '' ? '' : toLocalInput(new Date(query.from))} onChange={(e) => setTime('from', e.currentTarget.value)} />}
        </Field>
        <Field id="filter-to" label="Created before">
          {(control) => <input {...control} type="datetime-local" value={query.to === '' ? '' : toLocalInput(new Date(query.to))} onChange={(e) => setTime('to', e.currentTarget.value)} />}
        </Field>
        <div class="filters__actions">
          {isFiltered(query) && (
            <a class="button" href={routeHref({ view: 'deliveries', query: ALL_DELIVERIES })}>
              Clear filters
            </a>
          )}
          <button type="button" onClick={() => setGeneration((n) => n + 1)}>
            Refresh
          </button>
        </div>
      </form>
      {query.resentAt !== '' && (
        <Notice tone="info">
          Showing the deliveries the bulk resend of <TimeText iso={query.resentAt} /> started again (those no later resend has taken since).
        </Notice>
      )}
      {target.kind === 'delivery' && (
        <Notice tone="info">
          <a href={routeHref({ view: 'delivery', id: target.id })}>Open delivery {target.id}</a>
        </Notice>
      )}
      {error !== null && <Notice tone="error">The deliveries could not be loaded: {error}</Notice>}
      {rows === null && error === null && <p>Loading deliveries…</p>}
      {rows !== null && rows.items.length === 0 && (
        <p class="empty">
          {isFiltered(query)
            ? 'No deliveries match these filters.'
            : 'No deliveries yet. Each event the platform reports to a webhook, and each test send, appears here.'}
        </p>
      )}
      {rows !== null && rows.items.length > 0 && (
        <table class="table table--log">
          <caption class="visually-hidden">Deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Event</th>
              <th scope="col">Created</th>
              <th scope="col">Webhook URL</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
            </tr>
          </thead>
          <tbody>
            {rows.items.map((d) => {
              const url = urlOf.get(d.webhookId) ?? d.webhookId;
              return (
                <tr key={d.id}>
                  <td>
                    <span class={`status status--${d.status}`}>{d.status}</span>
                  </td>
                  <td>
                    <a href={routeHref({ view: 'delivery', id: d.id })} aria-label={`Delivery of ${d.event}, ${d.status}, created ${new Date(d.createdAt).toLocaleString()}`}>
                      <code>{d.event}</code>
                    </a>
                  </td>
                  <td>
                    <TimeText iso={d.createdAt} relative />
                  </td>
                  <td class="cell-url truncate" title={url}>
                    {url}
                  </td>
                  <td data-label="Attempts">{d.attempts}</td>
                  <td class="cell-error">
                    {d.lastError ?? d.suppressedReason ?? ''}
                    {!d.resend.allowed && (
                      <span class="resend-note" title={d.resend.detail ?? undefined}>
                        Can’t resend: {(d.resend.reason ?? 'refused').replace(/_/g, ' ')}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {rows?.nextCursor != null && (
        <button type="button" onClick={() => void more()}>
          Load more
        </button>
      )}
      <BulkResendPanel filter={filter} filtered={isFiltered(query)} onDone={() => setGeneration((n) => n + 1)} />
    </>
  );
}
