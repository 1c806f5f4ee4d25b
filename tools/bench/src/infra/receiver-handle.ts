import { fileURLToPath } from 'node:url';
import type { TestProcess } from '@webhooks/test-kit';
import { startSource } from '@webhooks/test-kit';
import type { ReceiverCommand, ReceiverMessage, ReceiverStats } from '../procs/receiver-protocol.js';

const SCRIPT = fileURLToPath(new URL('../procs/receiver.ts', import.meta.url));

/** A command without its id (the handle numbers them). */
type Command = ReceiverCommand extends infer C ? (C extends ReceiverCommand ? Omit<C, 'id'> : never) : never;

type Pending = (message: Extract<ReceiverMessage, { type: 'reply' }>) => void;

/** The receiver process, and the calls the bench makes on it. */
export class ReceiverHandle {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    readonly child: TestProcess,
    readonly port: number,
  ) {
    child.child.on('message', (raw) => {
      const message = raw as ReceiverMessage;
      if (message.type !== 'reply') return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
    });
  }

  /** Starts the receiver and waits until it listens. */
  static async start(cwd: string): Promise<ReceiverHandle> {
    const child = startSource(SCRIPT, [], { name: 'receiver', cwd, ipc: true });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver did not start:\n${child.tail()}`)), 30_000);
      child.child.once('message', (raw) => {
        clearTimeout(timer);
        const message = raw as ReceiverMessage;
        if (message.type === 'listening') resolve(message.port);
        else reject(new Error('receiver: unexpected first message'));
      });
      void child.exited.then(({ code }) => reject(new Error(`receiver exited (${code}):\n${child.tail()}`)));
    });
    return new ReceiverHandle(child, port);
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  private call(command: Command, timeoutMs = 30_000) {
    const id = this.nextId++;
    return new Promise<Extract<ReceiverMessage, { type: 'reply' }>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`receiver: no answer to ${command.op}`));
      }, timeoutMs);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.child.child.send({ ...command, id });
    });
  }

  /** Zeroes the counts; with a prefix, only activity ids starting with it count from now on. */
  async reset(prefix?: string): Promise<void> {
    await this.call(prefix === undefined ? { op: 'reset' } : { op: 'reset', prefix });
  }

  /** The signing secrets it verifies with (any of them may sign). */
  async setSecrets(secrets: readonly string[]): Promise<void> {
    await this.call({ op: 'secrets', secrets });
  }

  async stats(latencies = false): Promise<ReceiverStats> {
    return (await this.call({ op: 'stats', latencies })).stats;
  }

  /** Waits until `count` requests arrived since the reset; `reached` false when time ran out. */
  async waitFor(count: number, timeoutMs: number): Promise<{ reached: boolean; stats: ReceiverStats }> {
    const reply = await this.call({ op: 'waitFor', count, timeoutMs }, timeoutMs + 10_000);
    return { reached: reply.reached === true, stats: reply.stats };
  }

  async stop(): Promise<void> {
    this.child.child.disconnect();
    await this.child.stop(5_000);
  }
}
