import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

let e2e: E2e;
beforeAll(async () => {
  // Disabled at the first failed attempt: the five-day default is the domain tests' (clock port).
  e2e = await startE2e({ DISABLE_FAILING_WEBHOOKS_AFTER_HOURS: '0' });
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

interface Webhook {
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
}

describe('a webhook whose every attempt fails for longer than the deployment allows', () => {
  it('should be disabled as failing, say since when, and come back healthy when enabled again', async () => {
    const p = await newProject(e2e);
    const hook = await subscribe(e2e, p, 'login_success', '/down');
    const healthy = await subscribe(e2e, p, 'user_registered', '/up');
    expect((await p.admin.get<Webhook>(`${p.base}/webhooks/${hook.id}`)).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    e2e.receiver.behave('/down', { kind: 'reply', status: 500, body: 'down' });
    const before = Date.now();
    const user = { id: 'u1', username: 'u1@example.com' };
    for (const activity of [{ type: 'login', via: 'password' }, { type: 'registered' }]) {
      expect((await p.platform.post(`${p.base}/activities`, { id: uid('act'), origin: 'applicant', occurredAt: new Date().toISOString(), user, ...activity })).status).toBe(202);
    }
    await e2e.receiver.waitFor('/down', 1);
    await e2e.receiver.waitFor('/up', 1);
    let read = await p.admin.get<Webhook>(`${p.base}/webhooks/${hook.id}`);
    for (let i = 0; i < 100 && read.body.enabled; i += 1) {
      await new Promise((r) => setTimeout(r, 50));
      read = await p.admin.get<Webhook>(`${p.base}/webhooks/${hook.id}`);
    }
    expect(read.body).toMatchObject({ enabled: false, disabledReason: 'failing', failingSince: expect.any(String) });
    expect(Math.abs(Date.parse(read.body.failingSince ?? '') - before)).toBeLessThan(60_000);
    expect((await p.admin.get<Webhook>(`${p.base}/webhooks/${healthy.id}`)).body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    const listed = await p.admin.get<{ items: (Webhook & { id: string })[] }>(`${p.base}/webhooks`);
    expect(listed.body.items.find((w) => w.id === hook.id)).toMatchObject({ disabledReason: 'failing', failingSince: read.body.failingSince });

    const enabled = await p.admin.call<Webhook>('PATCH', `${p.base}/webhooks/${hook.id}`, { enabled: true });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
  });
});
