import type { Clock } from '@webhooks/domain';

/** The machine's clock. */
export class SystemClock implements Clock {
  /** Now. */
  now(): Date {
    return new Date();
  }
}
