import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { DeliveryFilter } from '../api/api-client.js';
import { problemMessage } from '../api/api-result.js';
import type { Delivery } from '../api/api-types.js';
import { collectPages } from '../api/collect-pages.js';
import type { ResendProgress } from '../model/resend-progress.js';
import { resendProgress, skippedSummary } from '../model/resend-progress.js';
import { useApi } from '../ui/api-context.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { Notice } from '../ui/notice.js';

/** Pages of 100 read to find, then follow, the deliveries of one bulk resend. */
const MAX_PAGES = 20;
/** Resends in flight at once. */
const PARALLEL = 4;
const POLL_MS = 1000;
const GIVE_UP_MS = 120_000;

type Run =
  | { readonly kind: 'idle' }
  | { readonly kind: 'counting' }
  | { readonly kind: 'none' }
  | { readonly kind: 'confirm'; readonly failed: readonly Delivery[]; readonly capped: boolean }
  | { readonly kind: 'queueing'; readonly sent: number; readonly total: number }
  | { readonly kind: 'following'; readonly progress: ResendProgress; readonly skipped: string | null; readonly finished: boolean; readonly timedOut: boolean }
  | { readonly kind: 'error'; readonly message: string };

/** Props of {@link BulkResendPanel}. */
export interface BulkResendPanelProps {
  /** The log's filters: the failed deliveries among what they show are resent. */
  readonly filter: DeliveryFilter;
  readonly filtered: boolean;
  readonly onDone: () => void;
}

/**
 * Resends the failed deliveries the log's filters show: counts them first and asks to confirm,
 * then resends each (the resend rules refuse some: they are counted by reason) and follows the
 * others until each has been attempted again, with a progress bar. Focus returns to the button.
 */
export function BulkResendPanel({ filter, filtered, onDone }: BulkResendPanelProps) {
  const api = useApi();
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
    },
    [],
  );
  const started = useRef(false);
  const settled = run.kind === 'idle' || run.kind === 'none' || run.kind === 'error' || (run.kind === 'following' && run.finished);
  // The button is disabled while it works, and the dialog takes the focus: once the run is settled
  // (or cancelled), the focus goes back to the button, after the dialog has closed.
  useEffect(() => {
    if (settled && started.current) button.current?.focus();
  }, [settled]);
  const failedFilter: DeliveryFilter = { ...filter, status: 'failed' };
  const { status: _status, ...followFilter } = filter;

  const count = async () => {
    started.current = true;
    setRun({ kind: 'counting' });
    const found = await collectPages((cursor) => api.deliveries(failedFilter, cursor === undefined ? {} : { cursor }), { maxPages: MAX_PAGES });
    if (found.kind !== 'ok') return setRun({ kind: 'error', message: problemMessage(found.problem) });
    setRun(found.value.length === 0 ? { kind: 'none' } : { kind: 'confirm', failed: found.value, capped: found.value.length >= MAX_PAGES * 100 });
  };

  const resendAll = async (failed: readonly Delivery[]) => {
    const queued: string[] = [];
    const byReason: Record<string, number> = {};
    const errors: string[] = [];
    let next = 0;
    setRun({ kind: 'queueing', sent: 0, total: failed.length });
    const worker = async () => {
      for (let i = next++; i < failed.length; i = next++) {
        const delivery = failed[i];
        if (delivery === undefined) continue;
        const result = await api.resend(delivery.id);
        if (result.kind === 'ok') queued.push(delivery.id);
        else if (result.problem.status === 409) byReason[result.problem.reason ?? 'refused'] = (byReason[result.problem.reason ?? 'refused'] ?? 0) + 1;
        else errors.push(problemMessage(result.problem));
        if (alive.current) setRun({ kind: 'queueing', sent: queued.length + errors.length + Object.values(byReason).reduce((a, b) => a + b, 0), total: failed.length });
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, worker));
    if (errors.length > 0 && queued.length === 0) return setRun({ kind: 'error', message: errors[0] ?? 'unknown' });
    const skipped = skippedSummary(failed.length - queued.length - errors.length, byReason);
    const startedAt = Date.now();
    for (;;) {
      const now = await collectPages((cursor) => api.deliveries(followFilter, cursor === undefined ? {} : { cursor }), { maxPages: MAX_PAGES });
      if (!alive.current) return;
      if (now.kind !== 'ok') return setRun({ kind: 'error', message: problemMessage(now.problem) });
      const progress = resendProgress(queued, new Map(now.value.map((d) => [d.id, d])));
      const timedOut = Date.now() - startedAt > GIVE_UP_MS;
      const finished = progress.done >= progress.total || timedOut;
      setRun({ kind: 'following', progress, skipped, finished, timedOut });
      if (finished) return onDone();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const busy = run.kind === 'counting' || run.kind === 'queueing' || (run.kind === 'following' && !run.finished);
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Resend failed deliveries</h2>
      <p>
        Resends the failed deliveries {filtered ? 'the filters above show' : 'of the whole log'}, each with a new round of attempts. You see how many first,
        and confirm.
      </p>
      <div class="actions">
        <button type="button" ref={button} class="button--primary" disabled={busy} aria-describedby={`${id}-status`} onClick={() => void count()}>
          Resend failed…
        </button>
        <span id={`${id}-status`} role="status" class="inline-status">
          {run.kind === 'counting' && 'Counting the failed deliveries…'}
          {run.kind === 'none' && (filtered ? 'No failed delivery matches the filters.' : 'No failed delivery in the log.')}
        </span>
      </div>
      {run.kind === 'confirm' && (
        <ConfirmDialog
          title={`Resend ${run.failed.length} failed ${run.failed.length === 1 ? 'delivery' : 'deliveries'}?`}
          confirmLabel={`Resend ${run.failed.length}`}
          onCancel={() => setRun({ kind: 'idle' })}
          onConfirm={() => void resendAll(run.failed)}
        >
          <p>
            {run.failed.length} failed {run.failed.length === 1 ? 'delivery matches' : 'deliveries match'} {filtered ? 'the filters' : 'the whole log'}
            {run.capped && ' (the newest 2,000: resend again for the rest)'}. Each is sent again now; those the resend rules refuse are skipped and
            counted.
          </p>
        </ConfirmDialog>
      )}
      <RunStatus run={run} labelId={`${id}-progress`} />
    </section>
  );
}

function RunStatus({ run, labelId }: { readonly run: Run; readonly labelId: string }) {
  switch (run.kind) {
    case 'idle':
    case 'counting':
    case 'none':
    case 'confirm':
      return null;
    case 'error':
      return <Notice tone="error">The resend failed: {run.message}</Notice>;
    case 'queueing':
      return (
        <div class="progress">
          <label for={`${labelId}-bar`}>Queueing</label>
          <progress id={`${labelId}-bar`} max={Math.max(1, run.total)} value={run.sent} />
          <p role="status">
            {run.sent} of {run.total} asked to resend…
          </p>
        </div>
      );
    case 'following': {
      const { progress, skipped } = run;
      if (progress.total === 0) return <Notice tone="info">{skipped ?? 'Nothing was resent.'}</Notice>;
      const counts = `${progress.done} of ${progress.total} sent again: ${progress.succeeded} succeeded, ${progress.failedAgain} failed again`;
      return (
        <div class="progress">
          <label for={`${labelId}-bar`}>
            Resending {progress.total} {progress.total === 1 ? 'delivery' : 'deliveries'}
          </label>
          <progress id={`${labelId}-bar`} max={Math.max(1, progress.total)} value={progress.done} />
          <p role="status">
            {counts}
            {run.finished && (run.timedOut ? '. Still running: the rest go out in the background.' : '. Done.')}
            {run.finished && progress.failedAgain > 0 && ' Those that failed again are retried on the usual schedule.'}
          </p>
          {skipped !== null && <p>{skipped}</p>}
        </div>
      );
    }
  }
}
