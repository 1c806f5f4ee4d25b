import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { DeliveryFilter } from '../api/api-client.js';
import { problemMessage } from '../api/api-result.js';
import type { BulkResend, DeliveryCounts } from '../api/api-types.js';
import { resendFinished, resendProgress } from '../model/resend-progress.js';
import { ALL_DELIVERIES, routeHref } from '../model/route.js';
import { skippedSummary } from '../model/skipped-summary.js';
import { useApi } from '../ui/api-context.js';
import { ConfirmDialog } from '../ui/confirm-dialog.js';
import { Notice } from '../ui/notice.js';

type Run =
  | { readonly kind: 'idle' }
  | { readonly kind: 'counting' }
  | { readonly kind: 'none'; readonly skipped: string | null }
  | { readonly kind: 'confirm'; readonly counted: BulkResend }
  | { readonly kind: 'resending'; readonly total: number }
  /** Sent: its deliveries followed to their outcome (`counts` null until the first count; `problem` when the last count failed). */
  | { readonly kind: 'done'; readonly done: BulkResend; readonly counts: DeliveryCounts | null; readonly problem: string | null }
  | { readonly kind: 'error'; readonly message: string };

/** How often the progress of a bulk resend is counted. */
const POLL_MS = 1_000;

/** Props of {@link BulkResendPanel}. */
export interface BulkResendPanelProps {
  /** The log's filters: the failed deliveries among what they show are resent. */
  readonly filter: DeliveryFilter;
  readonly filtered: boolean;
  readonly onDone: () => void;
}

const deliveries = (n: number) => `${n} failed ${n === 1 ? 'delivery' : 'deliveries'}`;

/**
 * Resends the failed deliveries the log's filters show, through the API's bulk resend
 * (`POST …/deliveries/resend-failed` with the same filters): a dry run counts them first — how many
 * would be resent, how many the resend rules skip and why — and asks to confirm; then one call
 * resends them, and their progress is followed (`GET …/deliveries/counts?resentAt=…` every second
 * until none is pending, or the view is left): "2 of 3 sent, 1 failed again, 0 pending", the
 * skipped by reason, and a link to the log showing just those deliveries. Focus returns to the button.
 */
export function BulkResendPanel({ filter, filtered, onDone }: BulkResendPanelProps) {
  const api = useApi();
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  const [run, setRun] = useState<Run>({ kind: 'idle' });
  const started = useRef(false);
  const settled = run.kind === 'idle' || run.kind === 'none' || run.kind === 'error' || run.kind === 'done';
  const following = run.kind === 'done' ? run.done.resentAt : null;
  // The button is disabled while it works, and the dialog takes the focus: once the run is settled
  // (or cancelled), the focus goes back to the button, after the dialog has closed.
  useEffect(() => {
    if (settled && started.current) button.current?.focus();
  }, [settled]);

  // Counts the resend's deliveries every second until none is pending; stops when the view goes
  // (or another resend starts): no timer outlives it.
  useEffect(() => {
    if (following === null) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      const counted = await api.deliveryCounts({ resentAt: following });
      if (stopped) return;
      const counts = counted.kind === 'ok' ? counted.value : null;
      setRun((now) => (now.kind === 'done' ? { ...now, counts: counts ?? now.counts, problem: counted.kind === 'ok' ? null : problemMessage(counted.problem) } : now));
      if (resendFinished(counts)) onDone();
      else timer = setTimeout(() => void tick(), POLL_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, following]);

  const count = async () => {
    started.current = true;
    setRun({ kind: 'counting' });
    const counted = await api.resendFailed(filter, true);
    if (counted.kind !== 'ok') return setRun({ kind: 'error', message: problemMessage(counted.problem) });
    const { queued, skipped, skippedByReason } = counted.value;
    setRun(queued === 0 ? { kind: 'none', skipped: skippedSummary(skipped, skippedByReason) } : { kind: 'confirm', counted: counted.value });
  };

  const resendAll = async (total: number) => {
    setRun({ kind: 'resending', total });
    const done = await api.resendFailed(filter, false);
    if (done.kind !== 'ok') return setRun({ kind: 'error', message: problemMessage(done.problem) });
    setRun({ kind: 'done', done: done.value, counts: null, problem: null });
    onDone();
  };

  const busy = run.kind === 'counting' || run.kind === 'resending';
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
          {run.kind === 'none' && (filtered ? 'No failed delivery to resend matches the filters.' : 'No failed delivery to resend in the log.')}
          {run.kind === 'none' && run.skipped !== null && ` ${run.skipped}`}
          {run.kind === 'resending' && `Resending ${deliveries(run.total)}…`}
          {run.kind === 'done' &&
            `${resendFinished(run.counts) ? 'Resent' : 'Resending'} ${deliveries(run.done.queued)}: ${resendProgress(run.done.queued, run.counts)}${resendFinished(run.counts) ? '.' : '…'}`}
          {run.kind === 'done' && run.done.skipped > 0 && ` ${skippedSummary(run.done.skipped, run.done.skippedByReason) ?? ''}`}
          {run.kind === 'done' && run.problem !== null && ` (The progress could not be counted: ${run.problem}; trying again.)`}
        </span>
      </div>
      {run.kind === 'done' && run.done.resentAt !== null && (
        <div class="resend-progress">
          <progress
            max={Math.max(run.counts?.total ?? run.done.queued, 1)}
            value={run.counts === null ? 0 : run.counts.total - run.counts.pending}
            aria-label="Deliveries of this resend that got their outcome"
          />
          <a href={routeHref({ view: 'deliveries', query: { ...ALL_DELIVERIES, resentAt: run.done.resentAt } })}>Show these deliveries</a>
        </div>
      )}
      {run.kind === 'confirm' && (
        <ConfirmDialog
          title={`Resend ${deliveries(run.counted.queued)}?`}
          confirmLabel={`Resend ${run.counted.queued}`}
          onCancel={() => setRun({ kind: 'idle' })}
          onConfirm={() => void resendAll(run.counted.queued)}
        >
          <p>
            {deliveries(run.counted.queued)} {filtered ? 'that the filters show' : 'of the whole log'} will be sent again now, each with a new round of attempts.
          </p>
          {run.counted.skipped > 0 && <p>{skippedSummary(run.counted.skipped, run.counted.skippedByReason)}</p>}
        </ConfirmDialog>
      )}
      {run.kind === 'error' && <Notice tone="error">The resend failed: {run.message}</Notice>}
    </section>
  );
}
