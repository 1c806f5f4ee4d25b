import type { Attempt } from '../api/api-types.js';
import { formatDuration } from '../model/format.js';
import { CopyButton } from '../ui/copy-button.js';
import { TimeText } from '../ui/time-text.js';

/** Props of {@link AttemptEvidence}. */
export interface AttemptEvidenceProps {
  readonly attempt: Attempt;
  /** 1 for the first attempt. */
  readonly number: number;
}

/**
 * One attempt as evidence, status first: the request as sent (target URL, headers with the
 * signature, body, exactly) and what came back (status, headers, the whole stored body), the
 * duration, with copy buttons. Long values wrap; a long URL is cut with the full value in its hover text.
 */
export function AttemptEvidence({ attempt, number }: AttemptEvidenceProps) {
  const result = attempt.statusCode === null ? (attempt.errorClass ?? 'no answer') : `HTTP ${attempt.statusCode}`;
  const { request, responseHeaders } = attempt;
  return (
    <li class={attempt.succeeded ? 'evidence evidence--ok' : 'evidence evidence--failed'}>
      <h3>
        <span class={attempt.succeeded ? 'outcome outcome--ok' : 'outcome outcome--failed'}>{attempt.succeeded ? 'Succeeded' : 'Failed'}</span>: {result}
        <span class="evidence__number"> (attempt {number})</span>
      </h3>
      <dl class="facts facts--compact">
        <dt>Time</dt>
        <dd>
          <TimeText iso={attempt.attemptedAt} />
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(attempt.durationMs)}</dd>
        {request !== null && (
          <>
            <dt>Target URL</dt>
            <dd class="truncate" title={request.url}>
              <code>{request.url}</code>
            </dd>
          </>
        )}
        {attempt.errorMessage !== null && (
          <>
            <dt>Error</dt>
            <dd class="cell-error">{attempt.errorMessage}</dd>
          </>
        )}
      </dl>
      {request === null ? (
        <p class="hint">{attempt.errorClass === 'held' ? 'Not sent (held): nothing left the service.' : 'The request of this attempt was not kept.'}</p>
      ) : (
        <details class="evidence__part">
          <summary>Request: headers and body as sent</summary>
          <Headers caption="Request headers" headers={request.headers} />
          <Body label="request body" body={request.body} />
        </details>
      )}
      {(attempt.statusCode !== null || attempt.responseBody !== null) && (
        <details class="evidence__part" open={!attempt.succeeded}>
          <summary>Response: {result}</summary>
          {responseHeaders !== null && <Headers caption="Response headers" headers={responseHeaders} />}
          {attempt.responseBody !== null && attempt.responseBody !== '' ? <Body label="response body" body={attempt.responseBody} /> : <p>Empty body.</p>}
        </details>
      )}
    </li>
  );
}

function Headers({ caption, headers }: { readonly caption: string; readonly headers: Readonly<Record<string, string>> }) {
  return (
    <table class="table table--headers">
      <caption>{caption}</caption>
      <tbody>
        {Object.entries(headers).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">
              <code>{name}</code>
            </th>
            <td>
              <code class="wrap">{value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Body({ label, body }: { readonly label: string; readonly body: string }) {
  return (
    <div class="body-block">
      <div class="body-block__head">
        <span>{label.charAt(0).toUpperCase() + label.slice(1)}</span>
        <CopyButton text={body} what={label} />
      </div>
      <pre class="wrap" tabIndex={0} aria-label={label}>
        {body}
      </pre>
    </div>
  );
}
