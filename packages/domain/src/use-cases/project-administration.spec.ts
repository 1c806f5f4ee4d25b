import { describe, expect, it } from '@jest/globals';
import { expectInvalid, must, projectWithAdmin } from './fixtures.spec-helper.js';

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
