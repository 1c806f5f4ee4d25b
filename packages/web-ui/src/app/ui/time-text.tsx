import { formatLocal, formatRelative, formatUtc } from '../model/format.js';

/** Props of {@link TimeText}. */
export interface TimeTextProps {
  readonly iso: string;
  /** In lists: "5 minutes ago", with the local time and zone in the hover text. */
  readonly relative?: boolean;
}

/**
 * A time as the page shows it: local, labelled with its zone (`2026-01-31 14:05:09 CET`), or
 * relative in lists; the hover text adds UTC.
 */
export function TimeText({ iso, relative = false }: TimeTextProps) {
  const local = formatLocal(iso);
  return (
    <time dateTime={iso} title={relative ? `${local} (${formatUtc(iso)})` : formatUtc(iso)}>
      {relative ? formatRelative(iso, new Date()) : local}
    </time>
  );
}
