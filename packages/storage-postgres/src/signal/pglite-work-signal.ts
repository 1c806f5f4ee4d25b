import type { WorkSignal } from '@webhooks/domain';
import type { PgliteSession } from '../pglite/pglite-session.js';
import { WORK_CHANNEL } from '../sql/work-channel.js';
import { Waiters } from './waiters.js';

/** LISTEN/NOTIFY inside the embedded database (`pglite.listen`): notifications arrive on commit. */
export class PgliteWorkSignal implements WorkSignal {
  private readonly waiters = new Waiters();
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly session: PgliteSession) {}

  /** Starts listening (between transactions, so the LISTEN is not rolled back with one). */
  async start(): Promise<void> {
    const unlisten = await this.session.exclusive((pglite) => pglite.listen(WORK_CHANNEL, () => this.waiters.wake()));
    this.unlisten = () => unlisten();
  }

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(timeoutMs, signal);
  }

  /** Stops listening and wakes every waiter. */
  async close(): Promise<void> {
    this.waiters.close();
    const unlisten = this.unlisten;
    this.unlisten = null;
    if (unlisten && !this.session.pglite.closed) await this.session.exclusive(unlisten);
  }
}
