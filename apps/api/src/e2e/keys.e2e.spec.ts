import { settled } from '@webhooks/test-kit';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

// Retries far apart: a delivery that fails stays pending while the test looks at it.
let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e({ RETRY_SCHEDULE_MS: '0,600000', WORKER_POLL_MS: '50' });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

type Project = Awaited<ReturnType<typeof newProject>>;
const user = (id: string) => ({ id, username: `${id}@example.com` });

async function registered(project: Project, userId: string): Promise<void> {
  const res = await project.platform.post(`${project.base}/activities`, { id: uid('reg'), type: 'registered', origin: 'applicant', occurredAt: new Date().toISOString(), user: user(userId) });
  expect(res.status).toBe(202);
}


describe('keys and projects, end to end', () => {
  describe("when the operator rotates a project's platform key", () => {
    it('should answer the new key once, not to be stored, and refuse the old key from the next request on', async () => {
      const p = await newProject(e2e);
      const rotated = await e2e.operator.post<{ id: string; platformKey: string }>(`${p.base}/rotate-platform-key`);
      expect(rotated.status).toBe(200);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect(rotated.body).toMatchObject({ id: p.id, platformKey: expect.stringMatching(/^pk_/) });
      expect(rotated.body.platformKey).not.toBe(p.platformKey);

      const old = await p.platform.put(`${p.base}/forms/f1`, { name: 'F1', audience: 'user' });
      expect(old.status).toBe(401);
      const renewed = e2e.anonymous.as(rotated.body.platformKey);
      expect((await renewed.put(`${p.base}/forms/f1`, { name: 'F1', audience: 'user' })).status).toBe(200);
      // Read back, the project never shows a key again.
      expect(JSON.stringify((await e2e.operator.get(p.base)).body)).not.toContain('pk_');
      expect((await e2e.operator.post('/v1/projects/prj_unknown0/rotate-platform-key')).status).toBe(404);
    });
  });

  describe("when the operator rotates an API admin's key", () => {
    it('should answer the new key once and refuse the old one from the next request on; an admin without a key is a 409', async () => {
      const p = await newProject(e2e);
      expect((await p.admin.get(`${p.base}/webhooks`)).status).toBe(200);
      const rotated = await e2e.operator.post<{ apiKey: string }>(`${p.base}/admins/${p.adminId}/rotate-key`);
      expect(rotated.status).toBe(200);
      expect(rotated.headers.get('cache-control')).toBe('no-store');
      expect(rotated.body.apiKey).toMatch(/^ak_/);
      expect((await p.admin.get(`${p.base}/webhooks`)).status).toBe(401);
      expect((await e2e.anonymous.as(rotated.body.apiKey).get(`${p.base}/webhooks`)).status).toBe(200);

      const plain = await e2e.operator.post<{ id: string }>(`${p.base}/admins`, { email: 'plain@example.com', apiAdmin: false });
      const refused = await e2e.operator.post<{ type: string; detail: string }>(`${p.base}/admins/${plain.body.id}/rotate-key`);
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ type: 'urn:webhooks:problem:conflict', detail: expect.stringContaining('not an active API admin') });
    });
  });

  describe('when an API admin is deactivated and re-activated', () => {
    it('should never accept the old key again, and answer a new one once', async () => {
      const p = await newProject(e2e);
      expect((await e2e.operator.patch(`${p.base}/admins/${p.adminId}`, { active: false })).status).toBe(200);
      expect((await p.admin.get(`${p.base}/webhooks`)).status).toBe(401);
      const back = await e2e.operator.patch<{ apiKey: string; active: boolean }>(`${p.base}/admins/${p.adminId}`, { active: true });
      expect(back.status).toBe(200);
      expect(back.headers.get('cache-control')).toBe('no-store');
      expect(back.body).toMatchObject({ active: true, apiKey: expect.stringMatching(/^ak_/) });
      expect((await p.admin.get(`${p.base}/webhooks`)).status).toBe(401);
      expect((await e2e.anonymous.as(back.body.apiKey).get(`${p.base}/webhooks`)).status).toBe(200);
    });
  });

  describe('when the operator deletes a project', () => {
    it('should delete it with all its data, refuse its keys, and leave other projects as they were', async () => {
      const doomed = await newProject(e2e);
      const kept = await newProject(e2e);
      for (const p of [doomed, kept]) {
        await subscribe(e2e, p, 'user_registered', `/del/${p.id}/registered`);
        await subscribe(e2e, p, 'login_success', `/del/${p.id}/down`);
        e2e.receiver.behave(`/del/${p.id}/down`, { kind: 'reply', status: 503 });
        expect((await p.platform.put(`${p.base}/forms/f1`, { name: 'F1', audience: 'user' })).status).toBe(200);
        await registered(p, 'u1');
        const login = await p.platform.post(`${p.base}/activities`, { id: uid('login'), type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: user('u1') });
        expect(login.status).toBe(202);
      }
      await e2e.receiver.waitFor(`/del/${doomed.id}/down`, 1);
      await e2e.receiver.waitFor(`/del/${kept.id}/down`, 1);
      const keptBefore = await kept.admin.get<{ items: { id: string; status: string }[] }>(`${kept.base}/deliveries`);
      expect(keptBefore.body.items.map((d) => d.status).sort()).toEqual(['pending', 'succeeded']);

      const deleted = await e2e.operator.call('DELETE', doomed.base);
      expect(deleted.status).toBe(204);

      expect((await e2e.operator.get(doomed.base)).status).toBe(404);
      expect((await doomed.platform.put(`${doomed.base}/forms/f2`, { name: 'F2', audience: 'user' })).status).toBe(401);
      expect((await doomed.admin.get(`${doomed.base}/webhooks`)).status).toBe(401);
      expect((await e2e.operator.call('DELETE', doomed.base)).status).toBe(404);
      expect((await e2e.operator.post(`${doomed.base}/admins`, { email: 'late@example.com', apiAdmin: true })).status).toBe(404);

      // The other project's failing delivery is retried when asked; the deleted one's never again.
      const pending = keptBefore.body.items.find((d) => d.status === 'pending');
      e2e.receiver.behave(`/del/${kept.id}/down`, { kind: 'reply', status: 200 });
      expect((await kept.admin.post(`${kept.base}/deliveries/${pending?.id ?? ''}/resend`)).status).toBe(202);
      await e2e.receiver.waitFor(`/del/${kept.id}/down`, 2);
      await settled(kept);
      expect(e2e.receiver.at(`/del/${doomed.id}/down`)).toHaveLength(1);
      const keptAfter = await kept.admin.get<{ items: { id: string }[] }>(`${kept.base}/deliveries`);
      expect(keptAfter.body.items.map((d) => d.id).sort()).toEqual(keptBefore.body.items.map((d) => d.id).sort());
      expect((await kept.platform.put(`${kept.base}/forms/f2`, { name: 'F2', audience: 'user' })).status).toBe(200);
    });
  });
});
