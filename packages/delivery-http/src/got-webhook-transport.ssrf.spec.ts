import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GotWebhookTransport } from './got-webhook-transport.js';
import { systemResolver, type HostResolver } from './guarded-lookup.js';
import { classifyHostName } from './ssrf-guard.js';
import { watchConnectionAttempts, type ConnectionAttempts } from './testing/connection-attempts.js';
import { LocalReceiver } from './testing/local-receiver.js';
import { REFUSED_LITERAL_TARGETS, type RefusedTarget } from './testing/refused-targets.js';

type Row = RefusedTarget;

const row = (host: string, reason: string, reachesReceiver = false): Row => ({ host, reason, reachesReceiver });

/** Names this test's resolver answers without DNS: a rebinding-style name and an IPv4-mapped answer. */
const resolve: HostResolver = (name, family) => {
  if (name === 'rebind.test') return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
  if (name === 'mapped.test') return Promise.resolve([{ address: '::ffff:127.0.0.1', family: 6 }]);
  return systemResolver(name, family);
};

/** Names of this machine's /etc/hosts that point at 127.0.0.1 and are not refused by name. */
function hostsFileLoopbackNames(): string[] {
  const lines = readFileSync('/etc/hosts', 'utf8').split('\n');
  return lines
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter(([address]) => address === '127.0.0.1')
    .flatMap(([, ...names]) => names)
    .filter((name) => isIP(name) === 0 && classifyHostName(name).allowed);
}

const ROWS: readonly Row[] = [
  ...REFUSED_LITERAL_TARGETS,
  // names refused only once resolved
  row('rebind.test', 'resolves to 127.0.0.1, refused: loopback', true),
  row('mapped.test', 'ipv4Mapped embedding 127.0.0.1', true),
  ...hostsFileLoopbackNames().map((name) => row(name, 'resolves to 127.0.0.1, refused: loopback', true)),
];

describe(`${GotWebhookTransport.name} SSRF guard`, () => {
  let receiver: LocalReceiver;

  beforeAll(async () => {
    receiver = await LocalReceiver.start();
  });

  afterEach(() => {
    receiver.reset();
  });

  afterAll(async () => {
    await receiver.close();
  });

  it('should check at least 30 targets', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
  });

  describe('when private targets are not allowed', () => {
    let transport: GotWebhookTransport;
    let watch: ConnectionAttempts;

    beforeAll(() => {
      transport = new GotWebhookTransport({ allowPrivateTargets: false, allowHttpTargets: true, resolve });
    });

    beforeEach(() => {
      watch = watchConnectionAttempts();
    });

    afterEach(() => {
      watch.stop();
    });

    afterAll(() => {
      transport.close();
    });

    it.each(ROWS)('should block $host ($reason) before connecting', async ({ host, reason }) => {
      const result = await transport.send({ url: `http://${host}:${receiver.port}/hook`, headers: {}, body: '{}', timeoutMs: 2_000 });

      expect(result).toMatchObject({ kind: 'error', error: 'blocked' });
      expect(result.kind === 'error' && result.message).toContain(reason);
      expect(watch.attempts).toEqual([]);
      expect(receiver.connections).toBe(0);
      expect(receiver.requests).toHaveLength(0);
    });
  });

  describe('when private targets are allowed', () => {
    let transport: GotWebhookTransport;

    beforeAll(() => {
      transport = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true, resolve });
    });

    afterAll(() => {
      transport.close();
    });

    it('should show in the connection watcher, which proves the watcher sees real attempts', async () => {
      const fresh = new GotWebhookTransport({ allowPrivateTargets: true, allowHttpTargets: true });
      const watch = watchConnectionAttempts();
      try {
        await fresh.send({ url: `http://localhost:${receiver.port}/hook`, headers: {}, body: '{}', timeoutMs: 2_000 });
      } finally {
        watch.stop();
        fresh.close();
      }

      expect(watch.attempts).toEqual([`127.0.0.1:${receiver.port}`]);
      expect(receiver.requests).toHaveLength(1);
    });

    it.each(ROWS.filter((r) => r.reachesReceiver))('should reach the 127.0.0.1 receiver through $host', async ({ host }) => {
      const result = await transport.send({ url: `http://${host}:${receiver.port}/hook`, headers: {}, body: '{}', timeoutMs: 2_000 });

      expect(result).toMatchObject({ kind: 'response', status: 200, body: 'ok' });
      expect(receiver.requests).toHaveLength(1);
    });
  });
});
