import type { ComponentChildren } from 'preact';

/** Props of {@link Notice}. */
export interface NoticeProps {
  readonly tone: 'error' | 'success' | 'info';
  readonly children: ComponentChildren;
}

/** A message in a coloured box: errors are announced at once (`role="alert"`), others politely. */
export function Notice({ tone, children }: NoticeProps) {
  return (
    <div class={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
