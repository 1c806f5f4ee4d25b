import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestProcess } from '@webhooks/test-kit';
import { API_MAIN, freePort, Receiver, startSource } from '@webhooks/test-kit';
import { SOAK, sized, writeFigures } from './support/figures.js';
import { createProject, expectStatus, listAll, report, subscribe, uid, user } from './support/fixtures.js';
import { HttpClient } from './support/http-client.js';
import type { ServiceHandle } from './support/service.js';
import { OPERATOR_TOKEN } from './support/service.js';

/**
 * One owner of the embedded database: the api on DATA_DIR as its own process, delivering;
 * second processes on the same directory must refuse to start, naming the holder; the holder is
 * killed with SIGKILL mid-delivery, and the next start must take the directory over and deliver
 * the rest. Duplicates are allowed here (sends in flight when the holder died) and counted.
 * Soak only: it starts four processes on the embedded database (over a minute on a busy 2-core
 * machine); CI runs the same check at its smallest in apps/api (`data-dir-owner.spec.ts`).
 */
const ACTIVITIES = sized(150, 1500);
const RIVALS = sized(1, 4);

/** The api on `env` as its own process, never on the DATABASE_URL of the caller's environment. */
function startApi(env: Record<string, string>): TestProcess {
  return startSource(API_MAIN, [], { name: 'api', env: { ...env, DATABASE_URL: undefined } });
}

/** Resolves true once `api` listens, false if it exits first. */
const ready = (api: TestProcess): Promise<boolean> => api.listening(120_000).then(
  () => true,
  () => false,
);

const startedAt = new Date();
let dir: string;
let receiver: Receiver;
const processes: TestProcess[] = [];
const figures = {
  activities: ACTIVITIES,
  rivals: { tried: RIVALS, refused: 0, namingHolder: 0, refusedInMs: [] as number[] },
  killedAfterReceptions: 0,
  restartAfterKillMs: 0,
  delivered: 0,
  receptions: 0,
  duplicates: 0,
  lost: 0,
  dataKept: false,
};

beforeAll(async () => {
  if (!SOAK) return;
  dir = await mkdtemp(join(tmpdir(), 'webhooks-one-owner-'));
  receiver = await new Receiver().start();
}, 30_000);

afterAll(async () => {
  if (!SOAK) return;
  writeFigures('one-owner', startedAt, 'embedded (PGlite in DATA_DIR)', figures);
  await Promise.all(processes.map((api) => api.kill()));
  await receiver?.stop();
  await rm(dir, { recursive: true, force: true });
}, 60_000);

(SOAK ? describe : describe.skip)('the embedded database has one owner (issue 12, point 12)', () => {
  it('should refuse every second process naming the holder, and let the next one start after the holder is killed with SIGKILL', async () => {
    const dataDir = join(dir, 'data');
    const port = await freePort();
    const env = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      OPERATOR_TOKEN,
      ALLOW_HTTP_TARGETS: 'true',
      ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'warn',
      WORKER_POLL_MS: '100',
      WORKER_LEASE_MS: '3000',
      WORKER_CONCURRENCY: '4',
    };
    const holder = startApi(env);
    processes.push(holder);
    expect(await ready(holder)).toBe(true);
    const http = new HttpClient(`http://127.0.0.1:${port}`);
    const svc: ServiceHandle = { url: `http://127.0.0.1:${port}`, operatorToken: OPERATOR_TOKEN, http, receiver };
    try {
      const project = await createProject(svc, 'individual', 'One owner');
      const hook = await subscribe(svc, project, 'login_success', '/owner', { timeoutMs: 30_000 });
      // Held until the rivals are done, so the holder is mid-delivery when it is killed.
      svc.receiver.behave(hook.path, { kind: 'hang' });
      for (let i = 0; i < ACTIVITIES; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, ACTIVITIES - i) }, () => report(svc, project, { type: 'login', via: 'password', user: user(uid('u')) }).then((a) => expectStatus(a, 202, 'login'))));
      }
      // Rivals on the same directory, all at once, while the holder has deliveries in flight.
      await Promise.all(
        Array.from({ length: RIVALS }, async () => {
          const began = performance.now();
          const rival = startApi({ ...env, PORT: String(await freePort()) });
          processes.push(rival);
          const { code } = await rival.exited;
          figures.rivals.refusedInMs.push(Math.round(performance.now() - began));
          if (code !== 0 && !rival.output.includes('listening on')) figures.rivals.refused += 1;
          if (rival.tail().includes(`pid ${holder.pid} on `)) figures.rivals.namingHolder += 1;
        }),
      );
      const received = () => receiver.at('/owner');
      // From now on the receiver answers (requests already held stay open until the holder dies).
      svc.receiver.behave(hook.path, { kind: 'reply', status: 200 });
      while (received().length < ACTIVITIES / 4) await new Promise((r) => setTimeout(r, 20));
      figures.killedAfterReceptions = received().length;
      await holder.kill();
      const killedAt = performance.now();
      const next = startApi(env);
      processes.push(next);
      expect(await ready(next)).toBe(true);
      figures.restartAfterKillMs = Math.round(performance.now() - killedAt);
      const deadline = Date.now() + 120_000;
      while (new Set(received().map((r) => String(r.headers['webhook-id']))).size < ACTIVITIES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const ids = received().map((r) => String(r.headers['webhook-id']));
      figures.receptions = ids.length;
      figures.delivered = new Set(ids).size;
      figures.duplicates = ids.length - figures.delivered;
      figures.lost = ACTIVITIES - figures.delivered;
      const log = await listAll(svc, `${project.base}/deliveries`, project.apiAdmin.key);
      figures.dataKept = log.length === ACTIVITIES;
      next.signal('SIGTERM');
      expect((await next.exited).code).toBe(0);
    } finally {
      http.close();
    }
    expect(figures.rivals).toMatchObject({ refused: RIVALS, namingHolder: RIVALS });
    expect(figures.lost).toBe(0);
    expect(figures.dataKept).toBe(true);
  }, 300_000);
});
