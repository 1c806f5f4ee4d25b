import type { EventType } from '../api/api-types.js';
import { concreteEvent, isPerForm } from '../model/event-choice.js';

/** Props of {@link EventDoc}. */
export interface EventDocProps {
  readonly type: EventType;
  readonly formId: string;
}

/**
 * What the chosen event is: when it fires, its payload fields and a sample payload (the one a
 * test send delivers), and for interactive events what the endpoint may answer, with an example.
 */
export function EventDoc({ type, formId }: EventDocProps) {
  const key = isPerForm(type) && formId.trim() !== '' ? concreteEvent({ typeKey: type.key, formId }) : type.key;
  const sample = JSON.stringify({ ...type.sample, event: key }, null, 2);
  return (
    <section class="event-doc" aria-labelledby="event-doc-heading">
      <h2 id="event-doc-heading">
        About <code>{key}</code>
      </h2>
      <p>
        {type.description}
        {type.mode === 'interactive' ? ' The service calls your endpoint while the user waits, and uses its answer.' : ' Queued, and retried until your endpoint answers 2xx.'}
      </p>
      <p>
        Payload fields: <code>event</code>, <code>event_id</code>, <code>occurred_at</code>, <code>project_id</code>, <code>user_info</code>
        {type.sample['user_info'] !== undefined && Array.isArray(type.sample['user_info']) ? ' (one per user)' : ''}, <code>meta_info</code>
        {type.payload.map((field) => (
          <span key={field}>
            , <code>{field}</code>
          </span>
        ))}
        .
      </p>
      <details class="payload">
        <summary>Sample payload</summary>
        <pre class="wrap" aria-label="Sample payload">
          {sample}
        </pre>
      </details>
      {type.answer !== null && (
        <>
          <h3>What your endpoint may answer</h3>
          <p>A JSON object, every field optional; anything malformed counts as a failed call.</p>
          <table class="table table--headers">
            <caption>Answer fields</caption>
            <tbody>
              {Object.entries(type.answer.fields).map(([name, text]) => (
                <tr key={name}>
                  <th scope="row">
                    <code>{name}</code>
                  </th>
                  <td>{text}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>Example answer:</p>
          <pre class="wrap example" aria-label="Example answer">
            {JSON.stringify(type.answer.example, null, 2)}
          </pre>
        </>
      )}
    </section>
  );
}
