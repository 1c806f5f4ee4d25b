import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { problemMessage } from '../api/api-result.js';
import type { Delivery } from '../api/api-types.js';
import { collectPages } from '../api/collect-pages.js';
import { toLocalInput } from '../model/format.js';
import type { ResendProgress } from '../model/resend-progress.js';
import { resendProgress, resentOf, skippedSummary } from '../model/resend-progress.js';
import { useApi } from '../ui/api-context.js';
import { Field } from '../ui/field.js';
import { Notice } from '../ui/notice.js';

/** Pages of 100 read to find and follow the deliveries of one bulk resend. */
const MAX_PAGES = 20;
const POLL_MS = 1000;
const GIVE_UP_MS = 120_000;

type Run =
  | { readonly kind: 'idle' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly progress: ResendProgress; readonly queued: number; readonly skipped: string | null }
  | { readonly kind: 'finished'; readonly progress: ResendProgress; readonly queued: number; readonly skipped: string | null; readonly timedOut: boolean }
  | { readonly kind: 'error'; readonly message: string };

/** Props of {@link ResendFailedPanel}. */
export interface ResendFailedPanelProps {
  readonly webhookId: string;
  readonly webhookUrl: string | null;
  readonly onDone: () => void;
}

/** The deliveries of the filter created since `since`, by id. */
async function deliveriesSince(api: ApiClient, since: Date, filter: { readonly webhookId?: string; readonly status?: 'failed' }) {
  const read = await collectPages((cursor) => api.deliveries(filter, cursor === undefined ? {} : { cursor }), {
    maxPages: MAX_PAGES,
    stopAfter: (d) => Date.parse(d.createdAt) < since.getTime(),
  });
  if (read.kind !== 'ok') return read;
  return { ...read, value: new Map<string, Delivery>(read.value.filter((d) => Date.parse(d.createdAt) >= since.getTime()).map((d) => [d.id, d])) };
}

/**
 * Resends every failed delivery created since a time (of the filtered webhook, if any), then
 * follows them until each has been attempted again, with a progress bar.
 */
export function ResendFailedPanel({ webhookId, webhookUrl, onDone }: ResendFailedPanelProps) {
  const api = useApi();
  const id = useId();
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 24 * 3_600_000)));
  const [sinceError, setSinceError] = useState<string | undefined>(undefined);
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );

  const start = async (event: Event) => {
    event.preventDefault();
    const from = new Date(since);
    if (since === '' || Number.isNaN(from.getTime())) return setSinceError('Enter a date and time.');
    setSinceError(undefined);
    setRun({ kind: 'starting' });
    const scope = webhookId === '' ? {} : { webhookId };
    const failed = await deliveriesSince(api, from, { ...scope, status: 'failed' });
    if (failed.kind !== 'ok') return setRun({ kind: 'error', message: problemMessage(failed.problem) });
    const resent = await api.resendFailed(from, webhookId === '' ? undefined : webhookId);
    if (resent.kind !== 'ok') {
      const message = resent.problem.errors?.find((e) => e.path === 'since')?.message;
      if (message !== undefined) setSinceError(message);
      return setRun({ kind: 'error', message: problemMessage(resent.problem) });
    }
    const { queued } = resent.value;
    const skipped = skippedSummary(resent.value.skipped, resent.value.skippedByReason);
    const startedAt = Date.now();
    // Followed: the failed deliveries the resend changed (those it skipped stay as they were).
    let tracked: string[] | null = null;
    for (;;) {
      const now = await deliveriesSince(api, from, scope);
      if (!alive.current) return;
      if (now.kind !== 'ok') return setRun({ kind: 'error', message: problemMessage(now.problem) });
      tracked ??= resentOf(failed.value, now.value);
      const progress = resendProgress(tracked, now.value);
      const timedOut = Date.now() - startedAt > GIVE_UP_MS;
      if (progress.done >= progress.total || timedOut) {
        setRun({ kind: 'finished', progress, queued, skipped, timedOut });
        return onDone();
      }
      setRun({ kind: 'running', progress, queued, skipped });
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const busy = run.kind === 'starting' || run.kind === 'running';
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Resend failed deliveries</h2>
      <p>
        Queues again every failed delivery created since the time below, of {webhookId === '' ? 'every webhook' : <code>{webhookUrl ?? webhookId}</code>} (the
        webhook filter above), each with a new round of attempts.
      </p>
      <form class="inline-form" onSubmit={(e) => void start(e)} noValidate aria-label="Resend failed deliveries">
        <Field id={`${id}-since`} label="Failed since" error={sinceError}>
          {(control) => <input {...control} type="datetime-local" value={since} onInput={(e) => setSince(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button--primary" disabled={busy}>
          Resend failed
        </button>
      </form>
      <RunStatus run={run} labelId={`${id}-progress`} />
    </section>
  );
}

function RunStatus({ run, labelId }: { readonly run: Run; readonly labelId: string }) {
  switch (run.kind) {
    case 'idle':
      return null;
    case 'starting':
      return <p role="status">Finding the failed deliveries…</p>;
    case 'error':
      return <Notice tone="error">The resend failed: {run.message}</Notice>;
    case 'running':
    case 'finished': {
      const { progress, queued, skipped } = run;
      if (queued === 0) return <Notice tone="info">{skipped ?? 'No failed delivery to resend since that time.'}</Notice>;
      const counts = `${progress.done} of ${progress.total} sent again: ${progress.succeeded} succeeded, ${progress.failedAgain} failed again`;
      return (
        <div class="progress">
          <label id={labelId} for={`${labelId}-bar`}>
            Resending {queued} {queued === 1 ? 'delivery' : 'deliveries'}
          </label>
          <progress id={`${labelId}-bar`} max={Math.max(1, progress.total)} value={progress.done} />
          <p role="status">
            {counts}
            {run.kind === 'finished' && (run.timedOut ? '. Still running: the rest go out in the background.' : '. Done.')}
            {run.kind === 'finished' && progress.failedAgain > 0 && ' Those that failed again are retried on the usual schedule.'}
          </p>
          {skipped !== null && <p>{skipped}</p>}
        </div>
      );
    }
  }
}
