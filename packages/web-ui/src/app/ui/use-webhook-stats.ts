import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import type { ApiResult } from '../api/api-result.js';
import type { Attempt, Webhook } from '../api/api-types.js';
import { collectPages } from '../api/collect-pages.js';
import type { DeliveryHistory } from '../model/delivery-history.js';
import { deliveryHistory, historySince, lastAttempted } from '../model/delivery-history.js';
import type { Load } from './use-load.js';
import { problemMessage } from '../api/api-result.js';

/** What the list shows of a webhook's recent deliveries. */
export interface WebhookStats {
  readonly history: DeliveryHistory;
  readonly lastAttempt: Attempt | null;
}

/** Pages of 100 deliveries read per webhook at most: the chart covers at most 500 a day. */
const MAX_PAGES = 5;
/** Webhooks whose deliveries are read at the same time. */
const CONCURRENCY = 4;

/**
 * Reads one webhook's deliveries of the last 24 hours (newest first, up to 500) for its chart,
 * and the attempts of the delivery changed last for its last attempt.
 */
async function loadWebhookStats(api: ApiClient, webhookId: string, now = new Date()): Promise<ApiResult<WebhookStats>> {
  const since = historySince(now).getTime();
  const read = await collectPages((cursor) => api.deliveries({ webhookId }, cursor === undefined ? {} : { cursor }), {
    maxPages: MAX_PAGES,
    stopAfter: (d) => Date.parse(d.createdAt) < since,
  });
  if (read.kind !== 'ok') return read;
  const history = deliveryHistory(read.value, now);
  const latest = lastAttempted(read.value);
  if (latest === null) return { kind: 'ok', status: 200, value: { history, lastAttempt: null } };
  const detail = await api.delivery(latest.id);
  if (detail.kind !== 'ok') return detail;
  const lastAttempt = [...detail.value.attempts].sort((a, b) => b.attemptedAt.localeCompare(a.attemptedAt))[0] ?? null;
  return { kind: 'ok', status: 200, value: { history, lastAttempt } };
}

/** The stats of each listed webhook, loaded a few at a time; `refresh` reloads one. */
export function useWebhookStats(api: ApiClient, webhooks: readonly Webhook[] | null) {
  const [stats, setStats] = useState<ReadonlyMap<string, Load<WebhookStats>>>(new Map());
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const load = useCallback(
    async (id: string) => {
      const result = await loadWebhookStats(api, id);
      if (!alive.current) return;
      const value: Load<WebhookStats> = result.kind === 'ok' ? { kind: 'ok', value: result.value } : { kind: 'error', message: problemMessage(result.problem) };
      setStats((previous) => new Map(previous).set(id, value));
    },
    [api],
  );
  const ids = webhooks?.map((w) => w.id).join(' ') ?? '';
  // Read once each: showing more (or filtering) loads only the webhooks not read yet.
  const requested = useRef(new Set<string>());
  useEffect(() => {
    const queue = (ids === '' ? [] : ids.split(' ')).filter((id) => !requested.current.has(id));
    for (const id of queue) requested.current.add(id);
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await load(id);
    };
    void Promise.all(Array.from({ length: CONCURRENCY }, worker));
  }, [ids, load]);
  return { stats, refresh: load };
}
