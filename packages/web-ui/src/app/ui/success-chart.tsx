import type { DeliveryHistory } from '../model/delivery-history.js';
import { formatRate } from '../model/format.js';

const BAR = 6;
const GAP = 2;
const HEIGHT = 32;

/**
 * A webhook's last 24 hours as 24 stacked bars, one per hour (oldest left): deliveries created
 * that hour that succeeded (green), failed (red) or are still pending (amber). The text beside it
 * is the success rate of the settled ones and the attempts that failed (some before succeeding);
 * screen readers get the same numbers as a sentence.
 */
export function SuccessChart({ history }: { readonly history: DeliveryHistory }) {
  const max = Math.max(1, ...history.buckets.map((b) => b.succeeded + b.failed + b.pending));
  const scale = (n: number) => (n === 0 ? 0 : Math.max(2, Math.round((n / max) * (HEIGHT - 2))));
  const width = history.buckets.length * (BAR + GAP);
  const label =
    `Last 24 hours: ${history.succeeded} succeeded, ${history.failed} failed, ${history.pending} pending` +
    (history.successRate === null ? '' : `; success rate ${formatRate(history.successRate)}`) +
    `; ${history.failedAttempts} failed ${history.failedAttempts === 1 ? 'attempt' : 'attempts'}`;
  const retried = `${history.failedAttempts} failed ${history.failedAttempts === 1 ? 'attempt' : 'attempts'}` + (history.succeededAfterRetry > 0 ? `, ${history.succeededAfterRetry} succeeded after retrying` : '');
  return (
    <div class="chart">
      <svg role="img" aria-label={label} width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`}>
        <title>{label}</title>
        {history.buckets.map((bucket, index) => {
          const x = index * (BAR + GAP);
          const ok = scale(bucket.succeeded);
          const failed = scale(bucket.failed);
          const pending = scale(bucket.pending);
          return (
            <g key={bucket.start.toISOString()}>
              <rect class="chart__base" x={x} y={HEIGHT - 1} width={BAR} height={1} />
              {ok > 0 && <rect class="chart__ok" x={x} y={HEIGHT - ok} width={BAR} height={ok} />}
              {failed > 0 && <rect class="chart__failed" x={x} y={HEIGHT - ok - failed} width={BAR} height={failed} />}
              {pending > 0 && <rect class="chart__pending" x={x} y={HEIGHT - ok - failed - pending} width={BAR} height={pending} />}
            </g>
          );
        })}
      </svg>
      <span class="chart__rate" aria-hidden="true">
        {formatRate(history.successRate)}
      </span>
      <span class="chart__retries" aria-hidden="true">
        {retried}
      </span>
    </div>
  );
}
