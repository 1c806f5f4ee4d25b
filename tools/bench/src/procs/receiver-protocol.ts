/** What the receiver counted since its last reset. */
export interface ReceiverStats {
  readonly count: number;
  /** Arrival of the first and last request (ms, {@link nowMs} clock), null before any. */
  readonly firstAt: number | null;
  readonly lastAt: number | null;
  /** Send → arrival (ms) of every request whose activity id carries its send time. */
  readonly latencies: readonly number[];
  /** Signatures checked on a sample, with `standardwebhooks`. */
  readonly verified: number;
  readonly verifyFailed: number;
  /** Requests without Standard Webhooks headers. */
  readonly unsigned: number;
  /** Requests whose `webhook-id` arrived before (at-least-once delivery sends some twice). */
  readonly duplicates: number;
  readonly byPath: Readonly<Record<string, number>>;
  /** Requests left out of `count` because their activity id lacked the prefix of the reset. */
  readonly foreign: number;
}

/** A command from the bench to the receiver (over the IPC channel). */
export type ReceiverCommand =
  /** With a prefix, only requests whose activity id starts with it count (stragglers of an earlier phase do not). */
  | { readonly op: 'reset'; readonly id: number; readonly prefix?: string }
  | { readonly op: 'secrets'; readonly id: number; readonly secrets: readonly string[] }
  | { readonly op: 'stats'; readonly id: number; readonly latencies: boolean }
  | { readonly op: 'waitFor'; readonly id: number; readonly count: number; readonly timeoutMs: number };

/** What the receiver sends back. */
export type ReceiverMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'reply'; readonly id: number; readonly stats: ReceiverStats; readonly reached?: boolean };
