import net from 'node:net';

/** What {@link watchConnectionAttempts} saw: one `ip:port` per TCP connection attempt. */
export interface ConnectionAttempts {
  readonly attempts: readonly string[];
  /** Restores `net.Socket.prototype.connect`. */
  stop(): void;
}

/**
 * Records every outgoing TCP connection attempt of this process (Node's `connectionAttempt`
 * socket event, emitted after any DNS lookup and before the SYN). A target refused before
 * connecting leaves no attempt, whether it was refused up front or by the guarded lookup.
 */
export function watchConnectionAttempts(): ConnectionAttempts {
  const attempts: string[] = [];
  const prototype = net.Socket.prototype;
  const original = prototype.connect;
  prototype.connect = function watchedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
    this.on('connectionAttempt', (ip: string, port: number) => attempts.push(`${ip}:${port}`));
    return Reflect.apply(original, this, args) as net.Socket;
  } as typeof original;
  return {
    attempts,
    stop: () => {
      prototype.connect = original;
    },
  };
}
