import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answered: number;
}

/** A real local webhook receiver on 127.0.0.1 that answers 200, or 500 while told to fail. */
export interface Receiver {
  readonly origin: string;
  readonly received: readonly Received[];
  /** The URL of one path on this receiver (`/hooks/name`). */
  url(path: string): string;
  /** From now on answer 500 (`true`, with `body`, {@link FAILURE_BODY} unless given) or 200 (`false`). */
  failing(fail: boolean, body?: string): void;
  close(): Promise<void>;
}

/** The body the receiver answers while failing, to find in the response excerpt. */
export const FAILURE_BODY = 'receiver failing on purpose';

/** Starts a receiver on a free port of 127.0.0.1. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let fail = false;
  let failureBody = FAILURE_BODY;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const status = fail ? 500 : 200;
      received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), answered: status });
      response.writeHead(status, { 'Content-Type': fail ? 'text/plain' : 'application/json', 'X-Receiver': 'browser-tests' });
      response.end(fail ? failureBody : '{"received":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    url: (path) => `${origin}${path}`,
    failing: (value, body = FAILURE_BODY) => {
      fail = value;
      failureBody = body;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
