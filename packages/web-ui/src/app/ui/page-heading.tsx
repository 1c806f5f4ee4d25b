import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

let firstView = true;

/**
 * A view's `<h1>`: it names the document, and after moving to another view it takes the focus,
 * so keyboard and screen reader users start at the top of what changed (not on the first load).
 */
export function PageHeading({ title, children }: { readonly title: string; readonly children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Webhooks admin`;
    if (firstView) firstView = false;
    else heading.current?.focus();
  }, [title]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
