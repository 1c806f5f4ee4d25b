import type { EventType, Form } from '../api/api-types.js';
import { isPerForm } from '../model/event-choice.js';
import type { FormErrors } from '../model/field-errors.js';
import { Field } from '../ui/field.js';
import { EventDoc } from './event-doc.js';

/** The project's forms as the picker knows them: a list, or a text box when the API has no list route. */
export type FormsLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'list'; readonly forms: readonly Form[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Props of {@link EventFields}. */
export interface EventFieldsProps {
  readonly catalog: readonly EventType[];
  readonly forms: FormsLoad;
  readonly typeKey: string;
  readonly formId: string;
  readonly errors: FormErrors;
  readonly onType: (typeKey: string) => void;
  readonly onForm: (formId: string) => void;
}

/**
 * The event, picked from the catalog, and for per-form events the form: picked from the
 * project's forms, never typed as `*`. Where the API cannot list forms, a text box takes the id.
 */
export function EventFields({ catalog, forms, typeKey, formId, errors, onType, onForm }: EventFieldsProps) {
  const type = catalog.find((t) => t.key === typeKey);
  const known = type !== undefined || typeKey === '';
  return (
    <>
      <Field id="webhook-event" label="Event" hint="Each event with when it fires; what it sends is shown below once chosen." error={errors.byField.event}>
        {(control) => (
          <select {...control} name="event" value={typeKey} onChange={(e) => onType(e.currentTarget.value)}>
            <option value="" disabled>
              Choose an event
            </option>
            {!known && <option value={typeKey}>{typeKey}</option>}
            {TOPICS.map(([topic, label]) => (
              <optgroup key={topic} label={label}>
                {catalog
                  .filter((t) => t.topic === topic)
                  .map((t) => (
                    <option key={t.key} value={t.key}>
                      {isPerForm(t) ? `${t.key} (one form)` : t.key} — {t.description}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        )}
      </Field>
      {type !== undefined && isPerForm(type) && <FormPicker forms={forms} formId={formId} error={errors.byField.formId} onForm={onForm} />}
      {type !== undefined && <EventDoc type={type} formId={formId} />}
    </>
  );
}

/** The catalog's topics, in the order the picker groups them. */
const TOPICS: readonly (readonly [EventType['topic'], string])[] = [
  ['account', 'Account'],
  ['forms', 'Forms'],
  ['completion', 'Completion'],
  ['payments', 'Payments'],
  ['statuses_tags', 'Statuses and tags'],
  ['interactive', 'Interactive (called while the user waits; your answer counts)'],
];

function FormPicker({ forms, formId, error, onForm }: { readonly forms: FormsLoad; readonly formId: string; readonly error: string | undefined; readonly onForm: (id: string) => void }) {
  if (forms.kind === 'unavailable') {
    return (
      <Field id="webhook-form" label="Form id" hint={`${forms.reason} Type the id of the form, as the platform names it (letters, digits, "_" or "-").`} error={error}>
        {(control) => <input {...control} name="formId" autoComplete="off" spellcheck={false} value={formId} onInput={(e) => onForm(e.currentTarget.value)} />}
      </Field>
    );
  }
  const list = forms.kind === 'list' ? forms.forms : [];
  const hint = forms.kind === 'loading' ? 'Loading the project’s forms…' : list.length === 0 ? 'The platform has declared no forms in this project yet.' : 'The event fires for this form only.';
  const unknown = formId !== '' && !list.some((f) => f.id === formId);
  return (
    <Field id="webhook-form" label="Form" hint={hint} error={error}>
      {(control) => (
        <select {...control} name="formId" value={formId} onChange={(e) => onForm(e.currentTarget.value)}>
          <option value="" disabled>
            Choose a form
          </option>
          {unknown && <option value={formId}>{formId} (not among the project’s forms)</option>}
          {list.map((form) => (
            <option key={form.id} value={form.id}>
              {form.name} ({form.id}){form.mandatory ? '' : ', optional'}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
