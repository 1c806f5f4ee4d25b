import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { TestApp } from './test-app.spec-helper.js';
import { seedWorld, startTestApp } from './test-app.spec-helper.js';

interface Row {
  key: string;
  topic: string;
  mode: string;
  sample: Record<string, unknown> & { meta_info: Record<string, unknown> };
  answer: { fields: Record<string, string>; example: Record<string, unknown> } | null;
}

describe('the event catalog for a webhooks tab', () => {
  let app: TestApp;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const rows = async (path: string, token?: string) => {
    const answer = await app.call('GET', path, token === undefined ? {} : { token });
    expect(answer.status).toBe(200);
    return (answer.body as { items: Row[] }).items;
  };

  beforeAll(async () => {
    app = await startTestApp();
    world = await seedWorld(app);
  });
  afterAll(() => app.close());

  describe('GET /v1/event-types', () => {
    it('should give every row a topic, a sample payload like a test send, and for interactive events what may be answered', async () => {
      const all = await rows('/v1/event-types');
      const registered = all.find((r) => r.key === 'user_registered');
      expect(registered).toMatchObject({ topic: 'account', answer: null, sample: { event: 'user_registered', test: true, user_info: { id: 'sample-user' } } });
      const preprocess = all.find((r) => r.key === 'form_preprocess');
      expect(preprocess?.topic).toBe('interactive');
      expect(Object.keys(preprocess?.answer?.fields ?? {})).toEqual(['msg', 'msg_type', 'jdoc', 'focus_on', 'redirect']);
      expect(preprocess?.answer?.fields['msg']).toBe('A message to show the user.');
      expect(preprocess?.answer?.example).toMatchObject({ msg_type: 'warning' });
      expect(all.some((r) => r.key === 'child_complete')).toBe(true);
    });
  });

  describe('GET /v1/projects/:projectId/event-types', () => {
    it("should leave out the other system's events, and name the project in the samples", async () => {
      const individual = await rows(`/v1/projects/${world.a}/event-types`, world.apiKey);
      expect(individual.some((r) => r.key === 'child_complete')).toBe(false);
      expect(individual.find((r) => r.key === 'user_complete')?.sample.meta_info).toMatchObject({ project_id: world.a, system: 'individual' });
      const family = await rows(`/v1/projects/${world.b}/event-types`, world.apiKeyB);
      expect(family.find((r) => r.key === 'child_complete')?.sample.meta_info).toMatchObject({ project_id: world.b, system: 'family' });
    });

    it("should answer 404 for another project's key", async () => {
      expect((await app.call('GET', `/v1/projects/${world.b}/event-types`, { token: world.apiKey })).status).toBe(404);
    });
  });
});
