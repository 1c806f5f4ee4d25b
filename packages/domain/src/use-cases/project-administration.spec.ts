import { describe, expect, it } from '@jest/globals';
import { drain, expectInvalid, must, projectWithAdmin, report, subscribe, user } from './fixtures.spec-helper.js';

describe('ProjectAdministration and Authenticate', () => {
  describe('when a project and an API admin are created', () => {
    it('should hand out keys once and store only their hashes', async () => {
      const { service, project, platformKey, apiKey } = await projectWithAdmin();
      expect(platformKey).toMatch(/^pk_/);
      expect(apiKey).toMatch(/^ak_/);
      expect(JSON.stringify(project)).not.toContain(platformKey);
      expect(await service.authenticate.execute(platformKey)).toEqual({ kind: 'platform', projectId: project.id });
      expect(await service.authenticate.execute(apiKey)).toMatchObject({ kind: 'admin', projectId: project.id, apiAdmin: true });
      expect(await service.authenticate.execute(service.config.operatorToken)).toEqual({ kind: 'operator' });
    });
  });

  describe('when a key is unknown, missing or revoked', () => {
    it('should authenticate nobody', async () => {
      const { service, project, admin, apiKey } = await projectWithAdmin();
      expect(await service.authenticate.execute(undefined)).toBeNull();
      expect(await service.authenticate.execute('pk_nope')).toBeNull();
      expect(await service.authenticate.execute('ak_nope')).toBeNull();
      expect(await service.authenticate.execute('wrong-operator')).toBeNull();
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      expect(await service.authenticate.execute(apiKey)).toBeNull();
      must(await service.projects.removeAdmin(project.id, admin.id));
      expect((await service.projects.removeAdmin(project.id, admin.id)).kind).toBe('not_found');
    });
  });

  describe('when a plain admin is made an API admin', () => {
    it('should issue an API key then', async () => {
      const { service, project } = await projectWithAdmin();
      const plain = must(await service.projects.addAdmin(project.id, { email: 'p@example.com', apiAdmin: false }));
      expect(plain.apiKey).toBeNull();
      const promoted = must(await service.projects.updateAdmin(project.id, plain.admin.id, { apiAdmin: true }));
      expect(promoted.apiKey).toMatch(/^ak_/);
    });
  });

  describe('when the platform key is rotated', () => {
    it('should show the new key once and refuse the old one at once', async () => {
      const { service, project, platformKey } = await projectWithAdmin();
      const rotated = must(await service.projects.rotatePlatformKey(project.id));
      expect(rotated.platformKey).toMatch(/^pk_/);
      expect(rotated.platformKey).not.toBe(platformKey);
      expect(await service.authenticate.execute(platformKey)).toBeNull();
      expect(await service.authenticate.execute(rotated.platformKey)).toEqual({ kind: 'platform', projectId: project.id });
      expect(must(await service.projects.getProject(project.id)).platformKeyHash).toBe(rotated.project.platformKeyHash);
      expect((await service.projects.rotatePlatformKey('prj_x')).kind).toBe('not_found');
    });
  });

  describe("when an admin's API key is rotated", () => {
    it('should show the new key once and refuse the old one at once', async () => {
      const { service, project, admin, apiKey } = await projectWithAdmin();
      const rotated = must(await service.projects.rotateAdminKey(project.id, admin.id));
      expect(rotated.apiKey).toMatch(/^ak_/);
      expect(rotated.apiKey).not.toBe(apiKey);
      expect(await service.authenticate.execute(apiKey)).toBeNull();
      expect(await service.authenticate.execute(rotated.apiKey ?? '')).toMatchObject({ kind: 'admin', adminId: admin.id, apiAdmin: true });
    });

    it('should refuse an admin that is not an active API admin, and unknown ones', async () => {
      const { service, project, admin } = await projectWithAdmin();
      const plain = must(await service.projects.addAdmin(project.id, { email: 'p@example.com', apiAdmin: false }));
      expect((await service.projects.rotateAdminKey(project.id, plain.admin.id)).kind).toBe('conflict');
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false }));
      expect((await service.projects.rotateAdminKey(project.id, admin.id)).kind).toBe('conflict');
      expect((await service.projects.rotateAdminKey(project.id, 'adm_x')).kind).toBe('not_found');
    });
  });

  describe('when an admin is deactivated and re-activated', () => {
    it('should not revive the old key: a new one is issued, shown once', async () => {
      const { service, project, admin, apiKey } = await projectWithAdmin();
      expect(must(await service.projects.updateAdmin(project.id, admin.id, { active: false })).apiKey).toBeNull();
      expect(await service.authenticate.execute(apiKey)).toBeNull();
      const back = must(await service.projects.updateAdmin(project.id, admin.id, { active: true }));
      expect(back.apiKey).toMatch(/^ak_/);
      expect(await service.authenticate.execute(apiKey)).toBeNull();
      expect(await service.authenticate.execute(back.apiKey ?? '')).toMatchObject({ kind: 'admin', adminId: admin.id, apiAdmin: true });
    });

    it('should drop the key of an admin re-activated as no API admin', async () => {
      const { service, project, admin, apiKey } = await projectWithAdmin();
      must(await service.projects.updateAdmin(project.id, admin.id, { active: false, apiAdmin: false }));
      const back = must(await service.projects.updateAdmin(project.id, admin.id, { active: true }));
      expect(back.apiKey).toBeNull();
      expect(back.admin.apiKeyHash).toBeNull();
      expect(await service.authenticate.execute(apiKey)).toBeNull();
    });

    it('should give a demoted then promoted admin a new key too', async () => {
      const { service, project, admin, apiKey } = await projectWithAdmin();
      must(await service.projects.updateAdmin(project.id, admin.id, { apiAdmin: false }));
      const promoted = must(await service.projects.updateAdmin(project.id, admin.id, { apiAdmin: true }));
      expect(promoted.apiKey).toMatch(/^ak_/);
      expect(await service.authenticate.execute(apiKey)).toBeNull();
      expect(await service.authenticate.execute(promoted.apiKey ?? '')).toMatchObject({ kind: 'admin', apiAdmin: true });
    });
  });

  describe('when a project is deleted', () => {
    it('should delete it with all its data, refuse its keys, and leave other projects alone', async () => {
      const { service, project, platformKey, apiKey } = await projectWithAdmin();
      const other = must(await service.projects.createProject({ name: 'Other', system: 'individual' }));
      const otherAdmin = must(await service.projects.addAdmin(other.project.id, { email: 'o@example.com', apiAdmin: true }));
      for (const p of [project.id, other.project.id]) {
        must(await service.forms.putForm(p, 'f', { name: 'F', audience: 'user' }));
        await subscribe(service, p, 'user_registered', `https://crm.example.com/${p}`);
        await report(service, p, { type: 'registered', user: user('u-1') });
      }
      await drain(service);
      const [otherDelivery] = (await service.deliveryLog.list(other.project.id, {}, { limit: 10 })).items;
      const [delivery] = (await service.deliveryLog.list(project.id, {}, { limit: 10 })).items;
      expect(delivery).toBeDefined();

      must(await service.projects.deleteProject(project.id));

      expect((await service.projects.getProject(project.id)).kind).toBe('not_found');
      expect(await service.authenticate.execute(platformKey)).toBeNull();
      expect(await service.authenticate.execute(apiKey)).toBeNull();
      expect(await service.storage.forms.listForms(project.id)).toEqual([]);
      expect((await service.storage.subscriptions.list(project.id, { limit: 10 })).items).toEqual([]);
      expect(await service.storage.users.load(project.id, ['u-1'])).toEqual([]);
      expect(await service.storage.deliveries.get(project.id, delivery?.id ?? '')).toBeNull();
      expect((await service.storage.deliveries.list(project.id, {}, { limit: 10 })).items).toEqual([]);
      expect((await service.projects.deleteProject(project.id)).kind).toBe('not_found');

      expect(await service.authenticate.execute(otherAdmin.apiKey ?? '')).toMatchObject({ kind: 'admin', projectId: other.project.id });
      expect(await service.storage.deliveries.get(other.project.id, otherDelivery?.id ?? '')).toMatchObject({ attempts: [expect.anything()] });
      expect(await service.storage.users.load(other.project.id, ['u-1'])).toHaveLength(1);
    });
  });

  describe('when input is bad', () => {
    it('should refuse a blank name, and unknown projects and admins', async () => {
      const { service } = await projectWithAdmin();
      expectInvalid(await service.projects.createProject({ name: ' ', system: 'family' }), 'name');
      expect((await service.projects.getProject('prj_x')).kind).toBe('not_found');
      expect((await service.projects.addAdmin('prj_x', { email: 'a@b.c', apiAdmin: true })).kind).toBe('not_found');
      expect((await service.projects.updateAdmin('prj_x', 'adm_x', {})).kind).toBe('not_found');
    });
  });
});

describe('FormAdministration', () => {
  it('should refuse a form whose audience does not suit the system', async () => {
    const { service, project } = await projectWithAdmin('individual');
    expectInvalid(await service.forms.putForm(project.id, 'f', { name: 'F', audience: 'child' }), 'audience');
  });

  it('should list the project\'s forms', async () => {
    const { service, project } = await projectWithAdmin('individual');
    must(await service.forms.putForm(project.id, 'b', { name: 'B', audience: 'user', mandatory: false }));
    must(await service.forms.putForm(project.id, 'a', { name: 'A', audience: 'user' }));
    expect(must(await service.forms.listForms(project.id)).map((f) => [f.id, f.mandatory])).toEqual([['a', true], ['b', false]]);
    expect((await service.forms.listForms('prj_x')).kind).toBe('not_found');
  });

  it('should refuse a trigger naming unknown forms, with the path of each', async () => {
    const { service, project } = await projectWithAdmin('individual');
    must(await service.forms.putForm(project.id, 'f', { name: 'F', audience: 'user' }));
    const result = await service.forms.putTrigger(project.id, 't', { on: { type: 'form_submitted', formId: 'nope' }, addForms: ['f', 'gone'] });
    expectInvalid(result, 'on.formId');
    expectInvalid(result, 'addForms.1');
    expect((await service.forms.putForm('prj_x', 'f', { name: 'F', audience: 'user' })).kind).toBe('not_found');
  });
});
