import { useState } from 'preact/hooks';
import { copyText } from './copy-text.js';

/** Props of {@link CopyButton}. */
export interface CopyButtonProps {
  readonly text: string;
  /** What is copied, for the button's name: "Copy {what}". */
  readonly what: string;
}

/** A small button that copies `text`; the result is announced beside it (`role="status"`). */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <span class="copy">
      <button type="button" class="button--small" onClick={() => void copyText(text).then(setCopied)}>
        Copy {what}
      </button>
      <span role="status" class="copy__status">
        {copied === true ? 'Copied' : copied === false ? 'Copying failed: select the text and copy it' : ''}
      </span>
    </span>
  );
}
