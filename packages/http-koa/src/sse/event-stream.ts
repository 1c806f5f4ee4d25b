import { PassThrough } from 'node:stream';
import type { LiveSubscription } from '@webhooks/domain';
import type { Logger } from 'pino';
import type { ListenReadyView, LiveEventView } from '../schemas/listen.schema.js';

/** Options of {@link eventStream}. */
export interface EventStreamOptions {
  /** The data of the opening `ready` message. */
  readonly ready: ListenReadyView;
  /** A comment line every so often, so that proxies keep an idle stream open. */
  readonly heartbeatMs: number;
  /** Ends the stream when the service stops. */
  readonly shutdown?: AbortSignal | undefined;
  readonly log: Logger;
}

/** One server-sent event: its name, its data on one line (JSON has no raw newline), and an id. */
function message(event: string, data: unknown, id?: string): string {
  return `event: ${event}\n${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/**
 * A `text/event-stream` body over a live subscription: `ready` once it is listening, then a
 * `webhook` message per event (its data a {@link LiveEventView}), and a `: keep-alive` comment every
 * `heartbeatMs`. It ends when the service stops; when the client goes, the subscription is closed.
 */
export function eventStream(subscription: LiveSubscription, options: EventStreamOptions): PassThrough {
  const stream = new PassThrough();
  const write = (text: string): void => {
    if (!stream.destroyed && !stream.writableEnded) stream.write(text);
  };
  const end = (): void => {
    if (!stream.destroyed && !stream.writableEnded) stream.end();
  };
  write(message('ready', options.ready));
  const heartbeat = setInterval(() => write(': keep-alive\n\n'), options.heartbeatMs);
  heartbeat.unref();
  const onShutdown = (): void => end();
  stream.once('close', () => {
    clearInterval(heartbeat);
    options.shutdown?.removeEventListener('abort', onShutdown);
    void subscription.close();
  });
  if (options.shutdown?.aborted) end();
  else options.shutdown?.addEventListener('abort', onShutdown, { once: true });
  void (async () => {
    for await (const event of subscription) {
      const view: LiveEventView = { id: event.id, key: event.key, occurredAt: event.occurredAt.toISOString(), body: event.body };
      write(message('webhook', view, event.id));
    }
    end();
  })().catch((error: unknown) => {
    options.log.warn({ err: error }, 'listen stream failed');
    end();
  });
  return stream;
}
