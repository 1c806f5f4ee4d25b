import type { Attempt } from '../api/api-types.js';
import { formatDuration } from '../model/format.js';
import { TimeText } from './time-text.js';

/** One attempt in a sentence: its outcome, status code (or error class) and duration, with a response excerpt. */
export function AttemptSummary({ attempt, showTime = false }: { readonly attempt: Attempt; readonly showTime?: boolean }) {
  const code = attempt.statusCode === null ? (attempt.errorClass ?? 'no answer') : `HTTP ${attempt.statusCode}`;
  return (
    <div class={attempt.succeeded ? 'attempt attempt--ok' : 'attempt attempt--failed'}>
      <p>
        <strong>{attempt.succeeded ? 'Succeeded' : 'Failed'}</strong>: {code} in {formatDuration(attempt.durationMs)}
        {showTime && (
          <>
            {' at '}
            <TimeText iso={attempt.attemptedAt} />
          </>
        )}
        {!attempt.succeeded && attempt.errorMessage !== null && <> — {attempt.errorMessage}</>}
      </p>
      {attempt.responseBody !== null && attempt.responseBody !== '' && <pre class="excerpt">{excerpt(attempt.responseBody)}</pre>}
    </div>
  );
}

/** At most this many characters of a response body are shown inline. */
const EXCERPT_CHARS = 300;

/** The start of a response body, cut at {@link EXCERPT_CHARS}. */
function excerpt(body: string): string {
  return body.length > EXCERPT_CHARS ? `${body.slice(0, EXCERPT_CHARS)}…` : body;
}
