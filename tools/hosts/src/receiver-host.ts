import type { TestProcess } from '@webhooks/test-kit';
import { startSource } from '@webhooks/test-kit';
import type { Host } from './network.js';

/** What the receiver host got: requests per `<path> <webhook-id>`, and how many failed verification. */
export interface Counts {
  readonly total: number;
  readonly unverified: number;
  readonly byKey: Readonly<Record<string, number>>;
}

/** The receiver process on its host (`src/receiver-main.ts`) and its control port. */
export class ReceiverHost {
  private constructor(
    readonly host: Host,
    readonly process: TestProcess,
  ) {}

  /** Starts it on `host`; it answers 200 after `lateMs` (0: at once). */
  static async start(host: Host, lateMs: number): Promise<ReceiverHost> {
    const proc = startSource(new URL('./receiver-main.ts', import.meta.url).pathname, [host.address], { name: 'receiver', via: host.via, env: { LATE_MS: String(lateMs) } });
    await proc.waitForOutput(/receiver listening on/, 90_000);
    return new ReceiverHost(host, proc);
  }

  /** The URL of `path` on it. */
  url(path: string): string {
    return `http://${this.host.address}:8080${path}`;
  }

  /** Verifies requests to `path` with `secret`. */
  async secret(path: string, secret: string): Promise<void> {
    const res = await fetch(`http://${this.host.address}:8081/secret`, { method: 'POST', body: JSON.stringify({ path, secret }) });
    if (res.status !== 204) throw new Error(`receiver /secret answered ${res.status}`);
  }

  async counts(): Promise<Counts> {
    return (await (await fetch(`http://${this.host.address}:8081/counts`)).json()) as Counts;
  }
}
