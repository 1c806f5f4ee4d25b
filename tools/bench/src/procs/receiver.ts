/**
 * The webhook receiver, a process of its own: node:http on 127.0.0.1, answers every POST with an
 * empty 200 (an interactive "proceed"), records arrival times, and checks Standard Webhooks
 * signatures on a sample. Driven by the bench over the IPC channel.
 */
import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';
import { activityIdOf, nowMs, sentAtOf } from '../bodies.js';
import type { ReceiverCommand, ReceiverMessage, ReceiverStats } from './receiver-protocol.js';

/** Every signed request up to this many after a reset is verified, then one in `SAMPLE_EVERY`. */
const VERIFY_FIRST = 50;
const SAMPLE_EVERY = 50;

let webhooks: Webhook[] = [];
let count = 0;
let signed = 0;
let firstAt: number | null = null;
let lastAt: number | null = null;
let latencies: number[] = [];
let verified = 0;
let verifyFailed = 0;
let unsigned = 0;
let duplicates = 0;
let seen = new Set<string>();
let byPath: Record<string, number> = {};
let waiters: { count: number; resolve: () => void }[] = [];
let prefix: string | null = null;
let foreign = 0;

function reset(only: string | null): void {
  prefix = only;
  foreign = 0;
  count = 0;
  signed = 0;
  firstAt = null;
  lastAt = null;
  latencies = [];
  verified = 0;
  verifyFailed = 0;
  unsigned = 0;
  duplicates = 0;
  seen = new Set();
  byPath = {};
}

function stats(withLatencies: boolean): ReceiverStats {
  return { count, firstAt, lastAt, latencies: withLatencies ? latencies : [], verified, verifyFailed, unsigned, duplicates, byPath: { ...byPath }, foreign };
}

function verify(body: string, headers: Record<string, string>): boolean {
  for (const wh of webhooks) {
    try {
      wh.verify(body, headers);
      return true;
    } catch {
      // Another secret may sign it.
    }
  }
  return false;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = nowMs();
    const body = Buffer.concat(chunks).toString('utf8');
    const activityId = activityIdOf(body);
    if (prefix !== null && !activityId?.startsWith(prefix)) {
      foreign += 1;
      res.writeHead(200, { 'content-length': '0' });
      res.end();
      return;
    }
    count += 1;
    firstAt ??= at;
    lastAt = at;
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    byPath[path] = (byPath[path] ?? 0) + 1;
    const sentAt = activityId === null ? null : sentAtOf(activityId);
    if (sentAt !== null) latencies.push(at - sentAt);
    const msgId = req.headers['webhook-id'];
    if (typeof msgId === 'string') {
      if (seen.has(msgId)) duplicates += 1;
      else seen.add(msgId);
      signed += 1;
      if (webhooks.length > 0 && (signed <= VERIFY_FIRST || signed % SAMPLE_EVERY === 0)) {
        const headers = {
          'webhook-id': msgId,
          'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
          'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
        };
        if (verify(body, headers)) verified += 1;
        else verifyFailed += 1;
      }
    } else {
      unsigned += 1;
    }
    res.writeHead(200, { 'content-length': '0' });
    res.end();
    if (waiters.length > 0) {
      const due = waiters.filter((w) => count >= w.count);
      waiters = waiters.filter((w) => count < w.count);
      for (const w of due) w.resolve();
    }
  });
});
server.keepAliveTimeout = 65_000;

function send(message: ReceiverMessage): void {
  process.send?.(message);
}

process.on('message', (raw) => {
  const command = raw as ReceiverCommand;
  switch (command.op) {
    case 'reset':
      reset(command.prefix ?? null);
      send({ type: 'reply', id: command.id, stats: stats(false) });
      return;
    case 'secrets':
      webhooks = command.secrets.map((s) => new Webhook(s));
      send({ type: 'reply', id: command.id, stats: stats(false) });
      return;
    case 'stats':
      send({ type: 'reply', id: command.id, stats: stats(command.latencies) });
      return;
    case 'waitFor': {
      if (count >= command.count) {
        send({ type: 'reply', id: command.id, stats: stats(false), reached: true });
        return;
      }
      let done = false;
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        waiters = waiters.filter((w) => w !== waiter);
        send({ type: 'reply', id: command.id, stats: stats(false), reached: false });
      }, command.timeoutMs);
      const waiter = {
        count: command.count,
        resolve: () => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          send({ type: 'reply', id: command.id, stats: stats(false), reached: true });
        },
      };
      waiters.push(waiter);
      return;
    }
  }
});

// The bench going away (the IPC channel closes) ends the receiver.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  send({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
