import { describe, expect, it } from '@jest/globals';
import type { Form, Trigger } from '../../model/form.js';
import type { UserState } from '../../model/user-state.js';
import type { OpenSubject } from './contract-subject.js';
import { aProject, anAdmin, anAttempt, at, claimAt, seedDeliveries, seedProject, uid } from './fixtures.js';
import { useSubject } from './use-subject.js';

const byId = <T extends { id: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));

/** Projects, admins, forms and triggers, user states, activities. */
export function configurationContract(open: OpenSubject): void {
  const subject = useSubject(open);

  describe('ProjectStore', () => {
    it('should return an inserted project by id and by platform key hash', async () => {
      const { storage } = subject();
      const project = aProject({ system: 'family' });
      await storage.projects.insert(project);
      expect(await storage.projects.get(project.id)).toEqual(project);
      expect(await storage.projects.findByPlatformKeyHash(project.platformKeyHash)).toEqual(project);
    });

    it('should return null for an unknown id or hash', async () => {
      const { storage } = subject();
      expect(await storage.projects.get(uid('prj'))).toBeNull();
      expect(await storage.projects.findByPlatformKeyHash(uid('hash'))).toBeNull();
    });

    it('should replace the platform key hash, so the old one finds nothing', async () => {
      const { storage } = subject();
      const project = aProject();
      await storage.projects.insert(project);
      const hash = uid('hash');
      expect(await storage.projects.setPlatformKeyHash(project.id, hash)).toBe(true);
      expect(await storage.projects.findByPlatformKeyHash(project.platformKeyHash)).toBeNull();
      expect(await storage.projects.findByPlatformKeyHash(hash)).toEqual({ ...project, platformKeyHash: hash });
      expect(await storage.projects.setPlatformKeyHash(uid('prj'), uid('hash'))).toBe(false);
    });

    it('should delete a project with everything of it, and nothing of another', async () => {
      const { storage } = subject();
      const seed = async () => {
        const { project, subscription } = await seedProject(storage);
        const admin = anAdmin(project.id);
        await storage.admins.insert(admin);
        await storage.forms.upsertForm({ projectId: project.id, id: 'f', name: 'F', audience: 'user', mandatory: true, reach: 'audience' });
        await storage.forms.upsertTrigger({ projectId: project.id, id: 't', on: { type: 'account_created' }, addForms: ['f'] });
        await storage.users.save([{ projectId: project.id, userId: 'u1', role: 'applicant', parentId: null, registered: true, complete: false, assignments: [] }]);
        await storage.activities.insert({ projectId: project.id, id: 'a1', type: 'registered', receivedAt: at(0), result: { ok: true } });
        const [done, pending] = await seedDeliveries(storage, subscription, 2, (i) => (i === 0 ? { status: 'succeeded', nextAttemptAt: null, attemptCount: 1 } : {}));
        await storage.deliveries.insertAttempts([anAttempt(done!, { succeeded: true, statusCode: 200 })]);
        return { project, subscription, admin, done: done!, pending: pending! };
      };
      const gone = await seed();
      const kept = await seed();
      const keptDone = await storage.deliveries.get(kept.project.id, kept.done.id);

      expect(await storage.projects.delete(gone.project.id)).toBe(true);

      expect(await storage.projects.get(gone.project.id)).toBeNull();
      expect(await storage.projects.findByPlatformKeyHash(gone.project.platformKeyHash)).toBeNull();
      expect(await storage.admins.findByApiKeyHash(gone.admin.apiKeyHash!)).toBeNull();
      expect(await storage.forms.listForms(gone.project.id)).toEqual([]);
      expect(await storage.forms.listTriggers(gone.project.id)).toEqual([]);
      expect(await storage.subscriptions.get(gone.project.id, gone.subscription.id)).toBeNull();
      expect(await storage.users.load(gone.project.id, ['u1'])).toEqual([]);
      expect(await storage.activities.find(gone.project.id, 'a1')).toBeNull();
      expect(await storage.deliveries.get(gone.project.id, gone.done.id)).toBeNull();
      expect((await storage.deliveries.list(gone.project.id, {}, { limit: 10 })).items).toEqual([]);
      const claimed = await claimAt(subject(), at(1000), { limit: 10, leaseMs: 60_000, workerId: 'w' });
      expect(claimed.map((c) => c.deliveryId)).toEqual([kept.pending.id]);
      expect(await storage.projects.delete(gone.project.id)).toBe(false);

      expect(await storage.projects.get(kept.project.id)).toEqual(kept.project);
      expect(await storage.admins.findByApiKeyHash(kept.admin.apiKeyHash!)).toEqual(kept.admin);
      expect(await storage.forms.listTriggers(kept.project.id)).toHaveLength(1);
      expect(await storage.users.load(kept.project.id, ['u1'])).toHaveLength(1);
      expect(await storage.activities.find(kept.project.id, 'a1')).not.toBeNull();
      expect(await storage.deliveries.get(kept.project.id, kept.done.id)).toEqual(keptDone);
    });
  });

  describe('AdminStore', () => {
    it('should get an admin within its project only', async () => {
      const { storage } = subject();
      const [p, q] = [aProject(), aProject()];
      await storage.projects.insert(p);
      await storage.projects.insert(q);
      const admin = anAdmin(p.id, { apiKeyHash: null, apiAdmin: false });
      await storage.admins.insert(admin);
      expect(await storage.admins.get(p.id, admin.id)).toEqual(admin);
      expect(await storage.admins.get(q.id, admin.id)).toBeNull();
    });

    it('should update, find by API key hash and delete', async () => {
      const { storage } = subject();
      const p = aProject();
      await storage.projects.insert(p);
      const admin = anAdmin(p.id);
      await storage.admins.insert(admin);
      const changed = { ...admin, email: 'new@example.org', active: false, apiKeyHash: uid('key') };
      await storage.admins.update(changed);
      expect(await storage.admins.get(p.id, admin.id)).toEqual(changed);
      expect(await storage.admins.findByApiKeyHash(changed.apiKeyHash)).toEqual(changed);
      expect(await storage.admins.findByApiKeyHash(admin.apiKeyHash!)).toBeNull();
      expect(await storage.admins.delete(p.id, admin.id)).toBe(true);
      expect(await storage.admins.delete(p.id, admin.id)).toBe(false);
      expect(await storage.admins.get(p.id, admin.id)).toBeNull();
    });

    it('should not delete an admin of another project', async () => {
      const { storage } = subject();
      const [p, q] = [aProject(), aProject()];
      await storage.projects.insert(p);
      await storage.projects.insert(q);
      const admin = anAdmin(p.id);
      await storage.admins.insert(admin);
      expect(await storage.admins.delete(q.id, admin.id)).toBe(false);
      expect(await storage.admins.get(p.id, admin.id)).toEqual(admin);
    });

    describe('projectsWithActiveApiAdmin', () => {
      it('should name only the projects with an admin both active and API', async () => {
        const { storage } = subject();
        const [withOne, inactive, notApi, none, other] = [aProject(), aProject(), aProject(), aProject(), aProject()];
        for (const p of [withOne, inactive, notApi, none, other]) await storage.projects.insert(p);
        await storage.admins.insert(anAdmin(withOne.id));
        await storage.admins.insert(anAdmin(withOne.id, { apiAdmin: false }));
        await storage.admins.insert(anAdmin(inactive.id, { active: false }));
        await storage.admins.insert(anAdmin(notApi.id, { apiAdmin: false }));
        await storage.admins.insert(anAdmin(other.id));
        const found = await storage.admins.projectsWithActiveApiAdmin([withOne.id, inactive.id, notApi.id, none.id, uid('prj')]);
        expect([...found]).toEqual([withOne.id]);
      });

      it('should answer an empty set for no projects', async () => {
        const { storage } = subject();
        expect((await storage.admins.projectsWithActiveApiAdmin([])).size).toBe(0);
      });
    });
  });

  describe('FormStore', () => {
    it('should insert, replace and list forms of one project', async () => {
      const { storage } = subject();
      const [p, q] = [aProject({ system: 'family' }), aProject()];
      await storage.projects.insert(p);
      await storage.projects.insert(q);
      const forms: Form[] = [
        { projectId: p.id, id: '42', name: 'Parent details', audience: 'parent', mandatory: true, reach: 'audience' },
        { projectId: p.id, id: '7', name: 'Child medical', audience: 'child', mandatory: false, reach: 'assigned' },
      ];
      for (const f of forms) await storage.forms.upsertForm(f);
      await storage.forms.upsertForm({ projectId: q.id, id: '42', name: 'Other', audience: 'user', mandatory: true, reach: 'audience' });
      const renamed: Form = { ...forms[0]!, name: 'Parents', mandatory: false, reach: 'assigned' };
      await storage.forms.upsertForm(renamed);
      expect(await storage.forms.getForm(p.id, '42')).toEqual(renamed);
      expect(await storage.forms.getForm(p.id, '99')).toBeNull();
      expect(byId(await storage.forms.listForms(p.id))).toEqual(byId([renamed, forms[1]!]));
    });

    it('should keep every kind of trigger as given, and replace one by id', async () => {
      const { storage } = subject();
      const p = aProject();
      await storage.projects.insert(p);
      const triggers: Trigger[] = [
        { projectId: p.id, id: 't1', on: { type: 'account_created' }, addForms: ['1', '2'] },
        { projectId: p.id, id: 't2', on: { type: 'child_created' }, addForms: [] },
        { projectId: p.id, id: 't3', on: { type: 'form_submitted', formId: '42' }, addForms: ['43'] },
        { projectId: p.id, id: 't4', on: { type: 'form_submitted', formId: '42', when: { size: 'L', n: 2, many: [1, 'x'], no: null } }, addForms: ['44'] },
      ];
      for (const t of triggers) await storage.forms.upsertTrigger(t);
      const replaced: Trigger = { ...triggers[0]!, on: { type: 'form_submitted', formId: '9', when: { ok: true } }, addForms: ['3'] };
      await storage.forms.upsertTrigger(replaced);
      expect(byId(await storage.forms.listTriggers(p.id))).toEqual(byId([replaced, ...triggers.slice(1)]));
      expect(await storage.forms.listTriggers(uid('prj'))).toEqual([]);
    });

    it('should delete a trigger of its project only', async () => {
      const { storage } = subject();
      const [p, other] = [aProject(), aProject()];
      for (const project of [p, other]) {
        await storage.projects.insert(project);
        await storage.forms.upsertTrigger({ projectId: project.id, id: 't1', on: { type: 'account_created' }, addForms: ['1'] });
      }
      expect(await storage.forms.deleteTrigger(p.id, 't1')).toBe(true);
      expect(await storage.forms.deleteTrigger(p.id, 't1')).toBe(false);
      expect(await storage.forms.listTriggers(p.id)).toEqual([]);
      expect(await storage.forms.listTriggers(other.id)).toHaveLength(1);
    });

    it("should delete a form and take it out of its project's users' assignments, keeping their order", async () => {
      const { storage } = subject();
      const [p, other] = [aProject(), aProject()];
      const assigned = (projectId: string, userId: string, formIds: readonly string[]): UserState => ({
        projectId,
        userId,
        role: 'applicant',
        parentId: null,
        registered: true,
        complete: false,
        assignments: formIds.map((formId, i) => ({ formId, completed: i % 2 === 0, source: 'trigger' })),
      });
      for (const project of [p, other]) {
        await storage.projects.insert(project);
        for (const id of ['a', 'gone', 'z']) await storage.forms.upsertForm({ projectId: project.id, id, name: id, audience: 'user', mandatory: true, reach: 'audience' });
        await storage.users.save([assigned(project.id, 'u1', ['z', 'gone', 'a']), assigned(project.id, 'u2', ['a'])]);
      }
      expect(await storage.forms.deleteForm(p.id, 'gone')).toBe(true);
      expect(await storage.forms.deleteForm(p.id, 'gone')).toBe(false);
      expect((await storage.forms.listForms(p.id)).map((f) => f.id)).toEqual(['a', 'z']);
      const [u1, u2] = await storage.users.load(p.id, ['u1', 'u2']);
      expect(u1?.assignments).toEqual([
        { formId: 'z', completed: true, source: 'trigger' },
        { formId: 'a', completed: true, source: 'trigger' },
      ]);
      expect(u2).toEqual(assigned(p.id, 'u2', ['a']));
      // Another project's form of the same id, and its users, are untouched.
      expect((await storage.forms.listForms(other.id)).map((f) => f.id)).toEqual(['a', 'gone', 'z']);
      expect(await storage.users.load(other.id, ['u1'])).toEqual([assigned(other.id, 'u1', ['z', 'gone', 'a'])]);
    });
  });

  describe('UserStateStore', () => {
    const state = (projectId: string, over: Partial<UserState> = {}): UserState => ({
      projectId,
      userId: uid('u'),
      role: 'applicant',
      parentId: null,
      registered: true,
      complete: false,
      assignments: [
        { formId: '1', completed: true, source: 'account_created' },
        { formId: '2', completed: false, source: 'trigger' },
      ],
      ...over,
    });

    it('should load the saved states asked for, leaving out unknown users', async () => {
      const { storage } = subject();
      const p = aProject();
      await storage.projects.insert(p);
      const [a, b] = [state(p.id), state(p.id, { assignments: [] })];
      await storage.users.save([a, b]);
      const loaded = await storage.users.load(p.id, [a.userId, b.userId, 'nobody']);
      expect([...loaded].sort((x, y) => (x.userId < y.userId ? -1 : 1))).toEqual([a, b]);
      expect(await storage.users.load(p.id, [])).toEqual([]);
      expect(await storage.users.load(uid('prj'), [a.userId])).toEqual([]);
    });

    it('should replace a saved state', async () => {
      const { storage } = subject();
      const p = aProject();
      await storage.projects.insert(p);
      const a = state(p.id);
      await storage.users.save([a]);
      const later: UserState = {
        ...a,
        complete: true,
        assignments: [
          ...a.assignments,
          { formId: '3', completed: true, source: 'submission' },
          { formId: '4', completed: false, source: 'platform' },
          { formId: '5', completed: true, source: 'platform', unassigned: true },
        ],
      };
      await storage.users.save([later]);
      expect(await storage.users.load(p.id, [a.userId])).toEqual([later]);
    });

    it('should list the children of a parent', async () => {
      const { storage } = subject();
      const p = aProject({ system: 'family' });
      await storage.projects.insert(p);
      const parent = state(p.id, { role: 'parent' });
      const kids = [state(p.id, { role: 'child', parentId: parent.userId }), state(p.id, { role: 'child', parentId: parent.userId })];
      const stranger = state(p.id, { role: 'child', parentId: uid('u') });
      await storage.users.save([parent, ...kids, stranger]);
      const children = await storage.users.children(p.id, parent.userId);
      expect([...children].sort((x, y) => (x.userId < y.userId ? -1 : 1))).toEqual(kids);
    });
  });

  describe('ActivityStore', () => {
    it('should record an activity id once and keep the first answer', async () => {
      const { storage } = subject();
      const p = aProject();
      await storage.projects.insert(p);
      const record = { projectId: p.id, id: 'act-1', type: 'registered', receivedAt: at(5), result: { events: ['msg_1'], n: 1, nested: { ok: true } } };
      expect(await storage.activities.insert(record)).toBe(true);
      expect(await storage.activities.insert({ ...record, receivedAt: at(9), result: 'second' })).toBe(false);
      expect(await storage.activities.find(p.id, 'act-1')).toEqual(record);
    });

    it('should keep activity ids apart per project', async () => {
      const { storage } = subject();
      const [p, q] = [aProject(), aProject()];
      await storage.projects.insert(p);
      await storage.projects.insert(q);
      const record = { projectId: p.id, id: 'same', type: 'login', receivedAt: at(0), result: null };
      expect(await storage.activities.insert(record)).toBe(true);
      expect(await storage.activities.insert({ ...record, projectId: q.id })).toBe(true);
      expect(await storage.activities.find(q.id, 'same')).toEqual({ ...record, projectId: q.id });
      expect(await storage.activities.find(p.id, 'other')).toBeNull();
    });

    it('should find many records by id', async () => {
      const { storage } = subject();
      const [p, q] = [aProject(), aProject()];
      await storage.projects.insert(p);
      await storage.projects.insert(q);
      const record = (projectId: string, id: string, result: string) => ({ projectId, id, type: 'login', receivedAt: at(0), result });
      for (const r of [record(p.id, 'a', 'first'), record(p.id, 'b', 'b'), record(q.id, 'a', 'q')]) expect(await storage.activities.insert(r)).toBe(true);
      const found = await storage.activities.findMany(p.id, ['a', 'b', 'missing', 'a']);
      expect([...found].sort((x, y) => x.id.localeCompare(y.id))).toEqual([record(p.id, 'a', 'first'), record(p.id, 'b', 'b')]);
      expect(await storage.activities.findMany(q.id, ['a'])).toEqual([record(q.id, 'a', 'q')]);
      expect(await storage.activities.findMany(q.id, [])).toEqual([]);
    });
  });
}
