import { useId, useRef, useState } from 'preact/hooks';
import { copyText } from './copy-text.js';

/** Props of {@link SecretPanel}. */
export interface SecretPanelProps {
  readonly secret: string;
  readonly heading: string;
  readonly onDone: () => void;
}

/** A signing secret shown once, with a copy button (`copyText`: selected and copied the old way where the clipboard API is missing). */
export function SecretPanel({ secret, heading, onDone }: SecretPanelProps) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const id = useId();
  const copy = async () => setCopied((await copyText(secret, () => input.current?.select())) ? 'yes' : 'no');
  return (
    <section class="secret" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <p>Copy it now and keep it where your receiver can read it: it is not shown again. Your receiver checks each request's signature with it.</p>
      <div class="secret__row">
        <label for={`${id}-secret`}>Signing secret</label>
        <input id={`${id}-secret`} ref={input} class="secret__value" readOnly value={secret} spellcheck={false} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" class="button--primary" onClick={() => void copy()}>
          Copy secret
        </button>
      </div>
      <p role="status" class="secret__status">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Copying failed: select the text and copy it yourself.' : ''}
      </p>
      <button type="button" onClick={onDone}>
        I have saved it
      </button>
    </section>
  );
}
