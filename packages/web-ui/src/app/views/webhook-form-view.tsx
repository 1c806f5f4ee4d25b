import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';
import { problemMessage } from '../api/api-result.js';
import type { EventType, Webhook, WebhookWithSecret } from '../api/api-types.js';
import { isPerForm } from '../model/event-choice.js';
import type { FormErrors, WebhookField } from '../model/field-errors.js';
import { NO_ERRORS, placeErrors } from '../model/field-errors.js';
import { routeHref } from '../model/route.js';
import type { WebhookDraft } from '../model/webhook-draft.js';
import { draftOf, EMPTY_DRAFT, inputOf } from '../model/webhook-draft.js';
import { useApi } from '../ui/api-context.js';
import { Field } from '../ui/field.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';
import { SecretPanel } from '../ui/secret-panel.js';
import { useLoad } from '../ui/use-load.js';
import { navigate } from '../ui/use-hash-route.js';
import type { FormsLoad } from './event-fields.js';
import { EventFields } from './event-fields.js';

/** The ids of the controls, by the field the API names. */
const CONTROL_IDS: Readonly<Record<WebhookField, string>> = {
  event: 'webhook-event',
  formId: 'webhook-form',
  url: 'webhook-url',
  description: 'webhook-description',
  enabled: 'webhook-enabled',
  timeoutMs: 'webhook-timeout',
  failurePolicy: 'webhook-policy-open',
};
const FIELD_ORDER: readonly WebhookField[] = ['event', 'formId', 'url', 'description', 'timeoutMs', 'failurePolicy', 'enabled'];

/** The project's forms for the picker; a 404 or 405 means the API has no such route, so the id is typed. */
function useForms(api: ApiClient): FormsLoad {
  const [forms, setForms] = useState<FormsLoad>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    void api.forms().then((result) => {
      if (!current) return;
      if (result.kind === 'ok') setForms({ kind: 'list', forms: result.value.items });
      else if (result.problem.status === 404 || result.problem.status === 405) setForms({ kind: 'unavailable', reason: 'This service cannot list the project’s forms.' });
      else setForms({ kind: 'unavailable', reason: `The project’s forms could not be loaded (${problemMessage(result.problem)}).` });
    });
    return () => {
      current = false;
    };
  }, [api]);
  return forms;
}

/** Add a webhook (`id` absent) or edit one. */
export function WebhookFormView({ id }: { readonly id?: string }) {
  const api = useApi();
  const catalog = useLoad(() => api.eventTypes(), [api]);
  const existing = useLoad<Webhook | null>(async () => (id === undefined ? { kind: 'ok', status: 200, value: null } : api.webhook(id)), [api, id]);
  const forms = useForms(api);
  const title = id === undefined ? 'Add webhook' : 'Edit webhook';
  if (catalog.state.kind === 'error' || existing.state.kind === 'error') {
    const message = catalog.state.kind === 'error' ? catalog.state.message : existing.state.kind === 'error' ? existing.state.message : '';
    return (
      <>
        <PageHeading title={title} />
        <Notice tone="error">{message}</Notice>
        <a href={routeHref({ view: 'webhooks' })}>Back to webhooks</a>
      </>
    );
  }
  if (catalog.state.kind === 'loading' || existing.state.kind === 'loading') {
    return (
      <>
        <PageHeading title={title} />
        <p>Loading…</p>
      </>
    );
  }
  return <WebhookForm key={id ?? 'new'} title={title} catalog={catalog.state.value.items} webhook={existing.state.value} forms={forms} />;
}

interface WebhookFormProps {
  readonly title: string;
  readonly catalog: readonly EventType[];
  readonly webhook: Webhook | null;
  readonly forms: FormsLoad;
}

function WebhookForm({ title, catalog, webhook, forms }: WebhookFormProps) {
  const api = useApi();
  const [draft, setDraft] = useState<WebhookDraft>(() => (webhook === null ? EMPTY_DRAFT : draftOf(webhook, catalog)));
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const summary = useRef<HTMLDivElement>(null);
  const type = catalog.find((t) => t.key === draft.typeKey);
  const change = (patch: Partial<WebhookDraft>) => setDraft((previous) => ({ ...previous, ...patch }));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    const input = inputOf(draft, type?.mode);
    const result = webhook === null ? await api.createWebhook(input) : await api.updateWebhook(webhook.id, input);
    setBusy(false);
    if (result.kind === 'ok') {
      if ('secret' in result.value) setCreated(result.value as WebhookWithSecret);
      else navigate({ view: 'webhooks' });
      return;
    }
    const placed = placeErrors(result.problem, { perForm: type !== undefined && isPerForm(type) });
    setErrors(placed);
    const first = FIELD_ORDER.find((field) => placed.byField[field] !== undefined);
    // After the render that shows the messages: focus the first field at fault, or the summary.
    setTimeout(() => (first === undefined ? summary.current?.focus() : document.getElementById(CONTROL_IDS[first])?.focus()), 0);
  };

  if (created !== null) {
    return (
      <>
        <PageHeading title="Webhook added" />
        <p>
          <code>{created.event}</code> will be sent to <code>{created.url}</code>.
        </p>
        <SecretPanel heading="Signing secret" secret={created.secret} onDone={() => navigate({ view: 'webhooks' })} />
        <p>
          <a href={routeHref({ view: 'webhooks' })}>Back to webhooks</a>
        </p>
      </>
    );
  }

  const interactive = type?.mode === 'interactive';
  const fieldCount = Object.keys(errors.byField).length;
  return (
    <>
      <PageHeading title={title} />
      <p>
        <a href={routeHref({ view: 'webhooks' })}>Back to webhooks</a>
      </p>
      <div ref={summary} tabIndex={-1} class="error-summary-anchor">
        {(errors.general.length > 0 || fieldCount > 0) && (
          <Notice tone="error">
            <p>The webhook was not saved{fieldCount > 0 ? `: see the ${fieldCount === 1 ? 'field' : `${fieldCount} fields`} marked below` : ''}.</p>
            {errors.general.length > 0 && (
              <ul>
                {errors.general.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
          </Notice>
        )}
      </div>
      <form class="webhook-form" onSubmit={(e) => void submit(e)} noValidate aria-label={title}>
        <EventFields
          catalog={catalog}
          forms={forms}
          typeKey={draft.typeKey}
          formId={draft.formId}
          errors={errors}
          onType={(typeKey) => change({ typeKey, formId: '' })}
          onForm={(formId) => change({ formId })}
        />
        <Field id="webhook-url" label="URL" hint="Where the events are sent: an absolute https URL." error={errors.byField.url}>
          {(control) => <input {...control} name="url" type="text" inputMode="url" autoComplete="off" spellcheck={false} value={draft.url} onInput={(e) => change({ url: e.currentTarget.value })} />}
        </Field>
        <Field id="webhook-description" label="Description (optional)" error={errors.byField.description}>
          {(control) => <textarea {...control} name="description" rows={2} value={draft.description} onInput={(e) => change({ description: e.currentTarget.value })} />}
        </Field>
        <Field
          id="webhook-timeout"
          label="Timeout in milliseconds (optional)"
          hint={interactive ? 'The user waits: 100 to 10000 ms, 3000 when left blank.' : '1000 to 30000 ms, 15000 when left blank.'}
          error={errors.byField.timeoutMs}
        >
          {(control) => <input {...control} name="timeoutMs" type="text" inputMode="numeric" autoComplete="off" value={draft.timeoutMs} onInput={(e) => change({ timeoutMs: e.currentTarget.value })} />}
        </Field>
        {interactive && (
          <fieldset class={errors.byField.failurePolicy === undefined ? 'field' : 'field field--invalid'} aria-describedby={errors.byField.failurePolicy === undefined ? undefined : 'webhook-policy-error'}>
            <legend>When this subscriber fails or times out</legend>
            <label class="choice">
              <input id="webhook-policy-open" type="radio" name="failurePolicy" value="open" checked={draft.failurePolicy === 'open'} onChange={() => change({ failurePolicy: 'open' })} />
              Open: the form goes on without it
            </label>
            <label class="choice">
              <input type="radio" name="failurePolicy" value="closed" checked={draft.failurePolicy === 'closed'} onChange={() => change({ failurePolicy: 'closed' })} />
              Closed: the form stops with a generic message
            </label>
            {errors.byField.failurePolicy !== undefined && (
              <p id="webhook-policy-error" class="field-error">
                {errors.byField.failurePolicy}
              </p>
            )}
          </fieldset>
        )}
        <div class="field">
          <label class="choice">
            <input id="webhook-enabled" type="checkbox" name="enabled" checked={draft.enabled} onChange={(e) => change({ enabled: e.currentTarget.checked })} />
            Enabled
          </label>
          {errors.byField.enabled !== undefined && <p class="field-error">{errors.byField.enabled}</p>}
        </div>
        <div class="actions">
          <button type="submit" class="button--primary" disabled={busy}>
            {busy ? 'Saving…' : webhook === null ? 'Add webhook' : 'Save changes'}
          </button>
          <a class="button" href={routeHref({ view: 'webhooks' })}>
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}
