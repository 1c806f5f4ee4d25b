import type { Clock } from '../ports/clock.port.js';

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  private current: Date;

  constructor(start: Date = new Date('2026-01-01T00:00:00.000Z')) {
    this.current = new Date(start);
  }

  /** The current time. */
  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms`. */
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }

  /** Sets the time. */
  set(to: Date): void {
    this.current = new Date(to);
  }
}
