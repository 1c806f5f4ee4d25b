import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { freePort } from './free-port.js';
import { serviceDatabase } from './database.js';
import { startProcess } from './process.js';
import { Receiver } from './receiver.js';
import { until } from './until.js';

describe('Receiver', () => {
  describe('when a signed request and an unsigned one arrive', () => {
    it('should verify the signed one with the secret of its path, and answer as told', async () => {
      const receiver = await new Receiver().start();
      try {
        const secret = `whsec_${Buffer.from('a secret of thirty-two bytes....').toString('base64')}`;
        receiver.secret('/signed', secret);
        receiver.behave('/signed', { kind: 'reply', status: 202 });
        receiver.behaveElsewhere({ kind: 'reply', status: 503 });
        const body = JSON.stringify({ hello: 'world' });
        const at = new Date();
        const signature = new Webhook(secret).sign('msg_1', at, body);
        const signed = await fetch(receiver.url('/signed'), { method: 'POST', body, headers: { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signature } });
        const other = await fetch(receiver.url('/other'), { method: 'POST', body });
        expect([signed.status, other.status]).toEqual([202, 503]);
        const [first] = await receiver.waitFor('/signed', 1);
        expect(first).toMatchObject({ verified: true, answered: 202, json: { hello: 'world' } });
        expect(receiver.at('/other')).toEqual([expect.objectContaining({ verified: false, answered: 503 })]);
      } finally {
        await receiver.stop();
      }
    });
  });

  describe('when a path is held', () => {
    it('should answer nothing until released, then everything held and everything after at once', async () => {
      const receiver = await new Receiver().start();
      try {
        receiver.behave('/held', { kind: 'held', status: 201 });
        let answered = 0;
        const post = () => fetch(receiver.url('/held'), { method: 'POST', body: '{}' }).then((r) => ((answered += 1), r.status));
        const first = post();
        await receiver.waitFor('/held', 1);
        await new Promise((r) => setTimeout(r, 100));
        expect(answered).toBe(0);
        receiver.release();
        expect(await first).toBe(201);
        expect(await post()).toBe(201);
        expect(receiver.at('/held').map((r) => r.answered)).toEqual([201, 201]);
      } finally {
        await receiver.stop();
      }
    });
  });

  describe('when a path answers a sequence', () => {
    it("should answer each request with the sequence's next status, then the last for ever", async () => {
      const receiver = await new Receiver().start();
      try {
        receiver.behave('/flaky', { kind: 'sequence', statuses: [500, 503, 200] });
        const statuses: number[] = [];
        for (let i = 0; i < 5; i += 1) statuses.push((await fetch(receiver.url('/flaky'), { method: 'POST', body: '{}' })).status);
        expect(statuses).toEqual([500, 503, 200, 200, 200]);
        expect(receiver.at('/flaky').map((r) => r.answered)).toEqual(statuses);
      } finally {
        await receiver.stop();
      }
    });

    it('should count per message when told, and answer late when told', async () => {
      const receiver = await new Receiver().start();
      try {
        receiver.behave('/retry', { kind: 'sequence', statuses: [500, 200], per: 'message', afterMs: 100 });
        const post = async (id: string) => {
          const started = performance.now();
          const { status } = await fetch(receiver.url('/retry'), { method: 'POST', body: '{}', headers: { 'webhook-id': id } });
          return { status, tookMs: performance.now() - started };
        };
        const answers = [await post('msg_a'), await post('msg_b'), await post('msg_a'), await post('msg_b')];
        expect(answers.map((a) => a.status)).toEqual([500, 500, 200, 200]);
        expect(Math.min(...answers.map((a) => a.tookMs))).toBeGreaterThanOrEqual(90);
      } finally {
        await receiver.stop();
      }
    });
  });
});

describe('startProcess', () => {
  describe('when a process has a child of its own', () => {
    it('should kill its whole group', async () => {
      const proc = startProcess('sh', ['-c', 'sleep 60 & echo started; wait']);
      try {
        await proc.waitForOutput(/started/, 10_000);
        expect(proc.groupAlive()).toBe(true);
      } finally {
        await proc.kill();
      }
      await until(() => !proc.groupAlive(), 'the group to be empty', 5_000);
    });
  });
});

describe('until', () => {
  describe('when the check never holds', () => {
    it('should fail naming what it waited for', async () => {
      await expect(until(() => false, 'nothing', 100, 10)).rejects.toThrow(/waiting for nothing/);
    });
  });
});

describe('freePort', () => {
  it('should answer a port nobody listens on', async () => {
    const port = await freePort();
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });
});

describe('serviceDatabase', () => {
  it('should make an empty database the service can use, and drop it', async () => {
    const database = await serviceDatabase('test_kit');
    if (database.url === null) {
      // No test server (locally only): the embedded database in a temp dir.
      expect(database).toMatchObject({ kind: 'embedded', env: { DATA_DIR: expect.any(String) } });
      await database.drop();
      return;
    }
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    expect((await client.query<{ n: string }>("select count(*) as n from information_schema.tables where table_schema = 'public'")).rows[0]?.n).toBe('0');
    await client.end();
    await database.drop();
    const server = new pg.Client({ connectionString: database.url.replace(/\/[^/]+$/, '/postgres') });
    await server.connect();
    expect((await server.query('select 1 from pg_database where datname = $1', [new URL(database.url).pathname.slice(1)])).rowCount).toBe(0);
    await server.end();
  });
});
