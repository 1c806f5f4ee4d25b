import { randomUUID } from 'node:crypto';

/** A caller's request id we keep: short, printable, no spaces or separators that could forge log lines. */
const SANE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `x-request-id` when sane, else a new UUID. */
export function requestIdOf(header: string | string[] | undefined): string {
  return typeof header === 'string' && SANE.test(header) ? header : randomUUID();
}
