import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { GotWebhookTransport } from './got-webhook-transport.js';
import { systemResolver, type HostResolver } from './guarded-lookup.js';
import { classifyHostName } from './ssrf-guard.js';
import { watchConnectionAttempts, type ConnectionAttempts } from './testing/connection-attempts.js';
import { LocalReceiver } from './testing/local-receiver.js';

/** One refused target: the host as written in the URL, the reason expected, and whether it is the receiver. */
interface Row {
  readonly host: string;
  readonly reason: string;
  /** True when, with the guard off, this spelling really lands on the 127.0.0.1 receiver. */
  readonly reachesReceiver: boolean;
}

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
  // IPv4 loopback, in every spelling WHATWG URL turns into 127.0.0.1
  row('127.0.0.1', 'loopback', true),
  row('127.1', 'loopback', true),
  row('2130706433', 'loopback', true),
  row('0x7f000001', 'loopback', true),
  row('0177.0.0.1', 'loopback', true),
  row('0x7f.1', 'loopback', true),
  row('127.0.0.1.', 'loopback', true),
  row('%31%32%37.0.0.1', 'loopback', true),
  row('127.0.0.2', 'loopback'),
  // loopback names
  row('localhost', 'loopback name', true),
  row('LOCALHOST.', 'loopback name'), // "localhost." is not in /etc/hosts: with the guard off it would go to DNS
  row('api.localhost', 'loopback name'),
  row('rebind.test', 'resolves to 127.0.0.1, refused: loopback', true),
  row('mapped.test', 'ipv4Mapped embedding 127.0.0.1', true),
  ...hostsFileLoopbackNames().map((name) => row(name, 'resolves to 127.0.0.1, refused: loopback', true)),
  // IPv6 loopback and IPv4 inside IPv6
  row('[::1]', 'loopback'),
  row('[0:0:0:0:0:0:0:1]', 'loopback'),
  row('[::ffff:127.0.0.1]', 'ipv4Mapped embedding 127.0.0.1', true),
  row('[::ffff:7f00:1]', 'ipv4Mapped embedding 127.0.0.1', true),
  row('[::127.0.0.1]', 'reserved'),
  row('[2002:7f00:1::]', '6to4 embedding 127.0.0.1'),
  row('[2002:a00:1::]', '6to4 embedding 10.0.0.1'),
  row('[64:ff9b::7f00:1]', 'rfc6052 embedding 127.0.0.1'),
  row('[64:ff9b::a9fe:a9fe]', 'rfc6052 embedding 169.254.169.254'),
  row('[2001:0:4136:e378:8000:63bf:80ff:fffe]', 'teredo embedding 127.0.0.1'),
  row('[::ffff:a9fe:a9fe]', 'ipv4Mapped embedding 169.254.169.254'),
  // RFC 1918, CGNAT, link-local
  row('10.0.0.1', 'private'),
  row('172.16.0.1', 'private'),
  row('172.31.255.254', 'private'),
  row('192.168.1.1', 'private'),
  row('100.64.0.1', 'carrierGradeNat'),
  row('169.254.1.1', 'linkLocal'),
  row('[fe80::1]', 'linkLocal'),
  row('[fc00::1]', 'uniqueLocal'),
  row('[fd12:3456::1]', 'uniqueLocal'),
  // cloud metadata, by address and by name
  row('169.254.169.254', 'cloud metadata'),
  row('[fd00:ec2::254]', 'cloud metadata'),
  row('100.100.100.200', 'cloud metadata'),
  row('metadata.google.internal', 'private-use name'),
  row('METADATA.GOOGLE.INTERNAL.', 'private-use name'),
  // unspecified, multicast, broadcast, reserved, benchmarking, documentation
  row('0.0.0.0', 'unspecified'),
  row('0', 'unspecified'),
  row('[::]', 'unspecified'),
  row('224.0.0.1', 'multicast'),
  row('[ff02::1]', 'multicast'),
  row('255.255.255.255', 'broadcast'),
  row('240.0.0.1', 'reserved'),
  row('198.18.0.1', 'benchmarking'),
  row('198.51.100.7', 'reserved'),
  row('[2001:db8::1]', 'reserved'),
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
