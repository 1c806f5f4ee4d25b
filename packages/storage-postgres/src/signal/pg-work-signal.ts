import type { WorkSignal } from '@webhooks/domain';
import type pg from 'pg';
import { WORK_CHANNEL } from '../sql/work-channel.js';
import { Waiters } from './waiters.js';

const MAX_BACKOFF_MS = 30_000;

/**
 * LISTEN/NOTIFY on a dedicated connection (a pooled one would be handed to other queries).
 * When that connection breaks it reconnects with backoff and wakes the waiters, who may have
 * missed a notification; meanwhile `wait` still returns at its timeout, so workers fall back
 * to polling and nothing is lost.
 */
export class PgWorkSignal implements WorkSignal {
  private readonly waiters = new Waiters();
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private backoffMs = 500;
  private closed = false;

  constructor(private readonly newClient: () => pg.Client) {}

  /** Connects and listens; rejects if the first connection fails. */
  async start(): Promise<void> {
    await this.listen();
  }

  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.waiters.wait(timeoutMs, signal);
  }

  /** Stops listening and wakes every waiter. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.waiters.close();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = this.newClient();
    const lost = (): void => {
      if (this.client !== client) return;
      this.client = null;
      client.end().catch(() => undefined);
      this.scheduleReconnect();
    };
    client.on('notification', (message) => {
      if (message.channel === WORK_CHANNEL) this.waiters.wake();
    });
    client.on('error', lost);
    client.on('end', lost);
    try {
      await client.connect();
      await client.query(`LISTEN ${WORK_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = 500;
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.listen().then(
        () => this.waiters.wake(),
        () => {
          this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
          this.scheduleReconnect();
        },
      );
    }, this.backoffMs);
    this.retry.unref();
  }
}
