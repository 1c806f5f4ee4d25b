import { EXIT_CODES } from '@webhooks/composition';
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';
import type { Forwarder } from './forwarder.js';

/** Options of {@link listenAndForward}. */
export interface ListenSessionOptions {
  /** The service's base URL. */
  readonly api: string;
  readonly projectId: string;
  readonly apiKey: string;
  readonly events: readonly string[];
  readonly forwarder: Forwarder;
  /** Where the lines go (stdout). */
  readonly print: (line: string) => void;
  /** Aborted on SIGINT/SIGTERM: the session ends with 0. */
  readonly signal: AbortSignal;
  /** Pause before reconnecting (doubling up to 10 s). Default 1 s. */
  readonly reconnectMs?: number;
}

/** The data of a `webhook` message. */
interface LiveEventData {
  readonly id: string;
  readonly key: string;
  readonly occurredAt: string;
  readonly body: string;
}

/** How one connection ended. */
type Ended = { readonly kind: 'stopped' } | { readonly kind: 'lost'; readonly reason: string } | { readonly kind: 'refused'; readonly code: number; readonly reason: string };

/**
 * Listens to the project's events on `GET /v1/projects/:projectId/listen` and forwards each, in
 * order, as it comes. A connection lost after it was ready is made again (with a note: events in
 * between are not forwarded); a first connection that fails ends the session. Answers the exit
 * code: 0 when stopped by the signal, 2 for events the service refuses (422), 3 when the service
 * cannot be reached, 4 when it refuses the key or the project (401, 403, 404).
 */
export async function listenAndForward(options: ListenSessionOptions): Promise<number> {
  const url = `${options.api.replace(/\/+$/, '')}/v1/projects/${encodeURIComponent(options.projectId)}/listen?events=${encodeURIComponent(options.events.join(','))}`;
  let wasReady = false;
  let pause = options.reconnectMs ?? 1_000;
  for (;;) {
    const ended = await connectOnce(url, options, () => {
      options.print(wasReady ? 'Reconnected: listening again (events of the time in between were not forwarded).' : `Ready: listening to ${options.events.join(', ')} of ${options.projectId}.`);
      wasReady = true;
      pause = options.reconnectMs ?? 1_000;
    });
    switch (ended.kind) {
      case 'stopped':
        return EXIT_CODES.ok;
      case 'refused':
        options.print(ended.reason);
        return ended.code;
      case 'lost':
        if (!wasReady) {
          options.print(`cannot listen at ${options.api}: ${ended.reason}`);
          return EXIT_CODES.unreachable;
        }
        options.print(`connection lost (${ended.reason}): reconnecting in ${pause / 1000} s`);
        await sleep(pause, options.signal);
        pause = Math.min(pause * 2, 10_000);
    }
  }
}

/** One connection: until the stream ends, fails or the signal aborts. */
async function connectOnce(url: string, options: ListenSessionOptions, onReady: () => void): Promise<Ended> {
  if (options.signal.aborted) return { kind: 'stopped' };
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${options.apiKey}`, accept: 'text/event-stream' }, signal: options.signal });
  } catch (error) {
    return options.signal.aborted ? { kind: 'stopped' } : { kind: 'lost', reason: reasonOf(error) };
  }
  if (response.status !== 200) return refusal(response);
  // Forwards one at a time, in the order the events came.
  let forwarding = Promise.resolve();
  const parser = createParser({
    onEvent: (message: EventSourceMessage) => {
      if (message.event === 'ready') onReady();
      if (message.event !== 'webhook') return;
      const data = JSON.parse(message.data) as LiveEventData;
      forwarding = forwarding.then(async () => {
        const forwarded = await options.forwarder.forward({ id: data.id, key: data.key, occurredAt: new Date(data.occurredAt), body: data.body });
        options.print(forwarded.line);
      });
    },
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    await forwarding;
    return options.signal.aborted ? { kind: 'stopped' } : { kind: 'lost', reason: 'the service ended the stream' };
  } catch (error) {
    await forwarding.catch(() => undefined);
    return options.signal.aborted ? { kind: 'stopped' } : { kind: 'lost', reason: reasonOf(error) };
  }
}

/** A non-200 answer, as the exit code it means and what to print. */
async function refusal(response: Response): Promise<Ended> {
  const text = await response.text().catch(() => '');
  let detail = text.slice(0, 500);
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string; errors?: { path: string; message: string }[] };
    detail = [problem.detail ?? problem.title ?? '', ...(problem.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter(Boolean).join('; ');
  } catch {
    // not problem+json: the text as it is
  }
  const reason = `the service answered ${response.status}: ${detail}`;
  if (response.status === 401 || response.status === 403 || response.status === 404) return { kind: 'refused', code: EXIT_CODES.refused, reason };
  if (response.status === 400 || response.status === 422) return { kind: 'refused', code: EXIT_CODES.usage, reason };
  return { kind: 'lost', reason };
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
