import type { ComponentChildren } from 'preact';

/** What a control needs to be tied to its label, hint and error. */
interface FieldControl {
  readonly id: string;
  readonly 'aria-describedby'?: string;
  readonly 'aria-invalid'?: 'true';
}

/** Props of {@link Field}. */
export interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ComponentChildren;
  readonly error?: string | undefined;
  readonly children: (control: FieldControl) => ComponentChildren;
}

/**
 * A labelled control with an optional hint and the error the API gave for it, both tied to the
 * control by `aria-describedby` (and `aria-invalid` when in error), so they are read with it.
 */
export function Field({ id, label, hint, error, children }: FieldProps) {
  const described = [hint === undefined ? null : `${id}-hint`, error === undefined ? null : `${id}-error`].filter((x) => x !== null).join(' ');
  return (
    <div class={error === undefined ? 'field' : 'field field--invalid'}>
      <label for={id}>{label}</label>
      {hint !== undefined && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {children({ id, ...(described === '' ? {} : { 'aria-describedby': described }), ...(error === undefined ? {} : { 'aria-invalid': 'true' as const }) })}
      {error !== undefined && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
