import { describe, expect, it } from '@jest/globals';
import type { Form, Trigger } from '../model/form.js';
import type { UserState } from '../model/user-state.js';
import type { Stores } from '../ports/storage.port.js';
import { InMemoryStorage } from '../testing/in-memory-storage.js';
import { T0, aDelivery, aProject, aSubscription, anAdmin, anAttempt, anEvent } from '../testing/storage-contract/fixtures.js';
import { BatchStores, NotInABatch } from './batch-stores.js';

/** One call that reached the stores underneath: `store.method` and its arguments. */
interface Reached {
  readonly name: string;
  readonly args: readonly unknown[];
}

/** Stores whose every method records its call and then delegates to `stores`. */
function counting(stores: Stores): { readonly stores: Stores; readonly reached: Reached[]; readonly count: (name: string) => number } {
  const reached: Reached[] = [];
  const wrap = <T extends object>(storeName: string, store: T): T =>
    Object.fromEntries(
      Object.entries(store).map(([method, fn]) => [
        method,
        (...args: unknown[]) => {
          reached.push({ name: `${storeName}.${method}`, args });
          return (fn as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as T;
  return {
    stores: {
      projects: wrap('projects', stores.projects),
      admins: wrap('admins', stores.admins),
      forms: wrap('forms', stores.forms),
      subscriptions: wrap('subscriptions', stores.subscriptions),
      users: wrap('users', stores.users),
      activities: wrap('activities', stores.activities),
      deliveries: wrap('deliveries', stores.deliveries),
    },
    reached,
    count: (name) => reached.filter((r) => r.name === name).length,
  };
}

/** A user's completion state. */
const state = (projectId: string, userId: string, over: Partial<UserState> = {}): UserState => ({
  projectId,
  userId,
  role: 'applicant',
  parentId: null,
  registered: true,
  complete: false,
  assignments: [],
  ...over,
});

/** A storage with two projects, each with an API admin, subscriptions, a form and a trigger. */
async function seeded() {
  const storage = new InMemoryStorage();
  const project = aProject();
  const other = aProject();
  const registered = aSubscription(project.id, { eventKey: 'user_registered' });
  const login = aSubscription(project.id, { eventKey: 'login_success' });
  const form: Form = { projectId: project.id, id: 'medical', name: 'Medical', audience: 'user', mandatory: true, reach: 'assigned' };
  const trigger: Trigger = { projectId: project.id, id: 'on-account', on: { type: 'account_created' }, addForms: ['medical'] };
  for (const p of [project, other]) {
    await storage.projects.insert(p);
    await storage.admins.insert(anAdmin(p.id));
  }
  await storage.subscriptions.insert(registered);
  await storage.subscriptions.insert(login);
  await storage.forms.upsertForm(form);
  await storage.forms.upsertTrigger(trigger);
  return { storage, project, other, registered, login, form, trigger };
}

/** Runs `test` on BatchStores over counted stores of a transaction of `storage`. */
const inTransaction = (storage: InMemoryStorage, test: (batch: BatchStores, spy: ReturnType<typeof counting>, tx: Stores) => Promise<void>) =>
  storage.transaction(async (tx) => {
    const spy = counting(tx);
    await test(new BatchStores(spy.stores), spy, tx);
  });

describe('BatchStores', () => {
  describe('when a project is read again and again', () => {
    it('should read each project once', async () => {
      const { storage, project, other } = await seeded();
      await inTransaction(storage, async (batch, spy) => {
        const together = await Promise.all([batch.projects.get(project.id), batch.projects.get(project.id)]);
        const later = await batch.projects.get(project.id);
        expect([...together, later]).toEqual([project, project, project]);
        expect(spy.count('projects.get')).toBe(1);
        expect(await batch.projects.get(other.id)).toEqual(other);
        expect(await batch.projects.get(other.id)).toEqual(other);
        expect(await batch.projects.get('missing')).toBeNull();
        expect(await batch.projects.get('missing')).toBeNull();
        expect(spy.reached.map((r) => r.args[0])).toEqual([project.id, other.id, 'missing']);
      });
    });

    it('should read again in another batch', async () => {
      const { storage, project } = await seeded();
      await inTransaction(storage, async (_batch, spy) => {
        await new BatchStores(spy.stores).projects.get(project.id);
        await new BatchStores(spy.stores).projects.get(project.id);
        expect(spy.count('projects.get')).toBe(2);
      });
    });

    it('should share reads over storage outside a transaction too', async () => {
      const { storage, project } = await seeded();
      const spy = counting(storage);
      const batch = new BatchStores(spy.stores);
      expect(await batch.projects.get(project.id)).toEqual(project);
      expect(await batch.projects.get(project.id)).toEqual(project);
      expect(spy.reached.map((r) => r.name)).toEqual(['projects.get']);
    });
  });

  describe('when subscriptions are listed for the same keys in any order', () => {
    it('should list them once per project and key set', async () => {
      const { storage, project, other, registered, login } = await seeded();
      await inTransaction(storage, async (batch, spy) => {
        expect(await batch.subscriptions.listForEvents(project.id, ['user_registered', 'login_success'])).toEqual([registered, login]);
        expect(await batch.subscriptions.listForEvents(project.id, ['login_success', 'user_registered'])).toEqual([registered, login]);
        expect(await batch.subscriptions.listForEvents(project.id, ['login_success', 'user_registered', 'login_success'])).toEqual([registered, login]);
        expect(spy.count('subscriptions.listForEvents')).toBe(1);
        expect(await batch.subscriptions.listForEvents(project.id, ['login_success'])).toEqual([login]);
        expect(await batch.subscriptions.listForEvents(other.id, ['login_success', 'user_registered'])).toEqual([]);
        expect(spy.count('subscriptions.listForEvents')).toBe(3);
      });
    });
  });

  describe('when API admins are asked for the same projects in any order', () => {
    it('should ask once', async () => {
      const { storage, project, other } = await seeded();
      await inTransaction(storage, async (batch, spy) => {
        const first = await batch.admins.projectsWithActiveApiAdmin([project.id, other.id]);
        const second = await batch.admins.projectsWithActiveApiAdmin([other.id, project.id]);
        expect([...first].sort()).toEqual([project.id, other.id].sort());
        expect(second).toBe(first);
        expect(spy.count('admins.projectsWithActiveApiAdmin')).toBe(1);
        expect([...(await batch.admins.projectsWithActiveApiAdmin([project.id]))]).toEqual([project.id]);
        expect(spy.count('admins.projectsWithActiveApiAdmin')).toBe(2);
      });
    });
  });

  describe('when forms and triggers are read again', () => {
    it('should read each once per project (and form), forms and triggers apart', async () => {
      const { storage, project, other, form, trigger } = await seeded();
      await inTransaction(storage, async (batch, spy) => {
        expect(await batch.forms.listTriggers(project.id)).toEqual([trigger]);
        expect(await batch.forms.listTriggers(project.id)).toEqual([trigger]);
        expect(await batch.forms.listForms(project.id)).toEqual([form]);
        expect(await batch.forms.listForms(project.id)).toEqual([form]);
        expect(await batch.forms.listForms(other.id)).toEqual([]);
        expect(await batch.forms.getForm(project.id, form.id)).toEqual(form);
        expect(await batch.forms.getForm(project.id, form.id)).toEqual(form);
        expect(await batch.forms.getForm(project.id, 'other-form')).toBeNull();
        expect(spy.count('forms.listTriggers')).toBe(1);
        expect(spy.count('forms.listForms')).toBe(2);
        expect(spy.reached.filter((r) => r.name === 'forms.getForm').map((r) => r.args)).toEqual([
          [project.id, form.id],
          [project.id, 'other-form'],
        ]);
      });
    });
  });

  describe('when other things are read', () => {
    it('should read them every time', async () => {
      const { storage, project, registered } = await seeded();
      await inTransaction(storage, async (batch, spy) => {
        for (let n = 0; n < 2; n += 1) {
          expect(await batch.projects.findByPlatformKeyHash(project.platformKeyHash)).toEqual(project);
          expect(await batch.admins.findByApiKeyHash('nope')).toBeNull();
          expect(await batch.admins.get(project.id, 'nope')).toBeNull();
          expect(await batch.subscriptions.get(project.id, registered.id)).toEqual(registered);
          expect(await batch.subscriptions.findByUrl(project.id, registered.url)).toEqual(registered);
          expect((await batch.subscriptions.list(project.id, { limit: 10 })).items).toHaveLength(2);
          expect(await batch.activities.find(project.id, 'a')).toBeNull();
          expect(await batch.activities.findMany(project.id, ['a'])).toEqual([]);
          expect(await batch.deliveries.get(project.id, 'nope')).toBeNull();
          expect((await batch.deliveries.list(project.id, {}, { limit: 10 })).items).toEqual([]);
          expect(await batch.deliveries.counts(project.id, {})).toEqual({ pending: 0, succeeded: 0, failed: 0, suppressed: 0, total: 0 });
          expect(await batch.deliveries.failedSince(project.id, { createdFrom: T0 }, { limit: 10 })).toEqual({ items: [], nextCursor: null });
          expect(await batch.deliveries.healthSince(project.id, T0)).toEqual([]);
          expect(await batch.deliveries.eventSuppressions(project.id, ['nope'])).toEqual(new Map());
        }
        const names = [
          'projects.findByPlatformKeyHash',
          'admins.findByApiKeyHash',
          'admins.get',
          'subscriptions.get',
          'subscriptions.findByUrl',
          'subscriptions.list',
          'activities.find',
          'activities.findMany',
          'deliveries.get',
          'deliveries.list',
          'deliveries.counts',
          'deliveries.failedSince',
          'deliveries.healthSince',
          'deliveries.eventSuppressions',
        ];
        expect(spy.reached.map((r) => r.name)).toEqual([...names, ...names]);
      });
    });
  });

  describe('when work tries to change what a batch only reads', () => {
    it('should refuse with NotInABatch and change nothing', async () => {
      const { storage, project, registered, form, trigger } = await seeded();
      const admin = anAdmin(project.id);
      await inTransaction(storage, async (batch, spy) => {
        const attempts: [string, () => Promise<unknown>][] = [
          ['projects.insert', () => batch.projects.insert(aProject())],
          ['admins.insert', () => batch.admins.insert(admin)],
          ['admins.update', () => batch.admins.update(admin)],
          ['admins.delete', () => batch.admins.delete(project.id, admin.id)],
          ['forms.upsertForm', () => batch.forms.upsertForm(form)],
          ['forms.deleteForm', () => batch.forms.deleteForm(project.id, form.id)],
          ['forms.upsertTrigger', () => batch.forms.upsertTrigger(trigger)],
          ['forms.deleteTrigger', () => batch.forms.deleteTrigger(project.id, trigger.id)],
          ['subscriptions.insert', () => batch.subscriptions.insert(aSubscription(project.id))],
          ['subscriptions.update', () => batch.subscriptions.update(registered)],
          ['subscriptions.delete', () => batch.subscriptions.delete(project.id, registered.id)],
          ['deliveries.requeue', () => batch.deliveries.requeue(project.id, ['x'], T0)],
        ];
        for (const [name, attempt] of attempts) {
          await expect(attempt()).rejects.toBeInstanceOf(NotInABatch);
          await expect(attempt()).rejects.toThrow(/cannot change inside a batch of activities/);
          expect([name, spy.reached]).toEqual([name, []]);
        }
      });
      expect(await storage.subscriptions.get(project.id, registered.id)).toEqual(registered);
      expect(await storage.activities.find(project.id, 'a')).toBeNull();
    });
  });

  describe('when completion states are saved', () => {
    it('should keep them in the batch, and let loads see them before what is stored', async () => {
      const { storage, project } = await seeded();
      const stored = [state(project.id, 'u1'), state(project.id, 'u2')];
      await storage.users.save(stored);
      const changed = state(project.id, 'u1', { complete: true });
      const created = state(project.id, 'u3', { registered: false });
      await inTransaction(storage, async (batch, spy, tx) => {
        await batch.users.save([changed, created]);
        expect(spy.reached).toEqual([]);
        expect(await tx.users.load(project.id, ['u1', 'u3'])).toEqual([stored[0]]);
        expect(await batch.users.load(project.id, ['u3', 'u2', 'nobody', 'u1'])).toEqual([created, stored[1], changed]);
        // Only the ids the batch does not hold were read.
        expect(spy.reached).toEqual([{ name: 'users.load', args: [project.id, ['u2', 'nobody']] }]);
        expect(await batch.users.load(project.id, ['u1', 'u3'])).toEqual([changed, created]);
        expect(spy.count('users.load')).toBe(1);
      });
    });

    it('should keep the last state saved for a user, per project', async () => {
      const { storage, project, other } = await seeded();
      await inTransaction(storage, async (batch) => {
        await batch.users.save([state(project.id, 'u1')]);
        await batch.users.save([state(project.id, 'u1', { complete: true })]);
        await batch.users.save([state(other.id, 'u1', { registered: false })]);
        expect(await batch.users.load(project.id, ['u1'])).toEqual([state(project.id, 'u1', { complete: true })]);
        expect(await batch.users.load(other.id, ['u1'])).toEqual([state(other.id, 'u1', { registered: false })]);
        expect(batch.takeProduced().users).toEqual([state(project.id, 'u1', { complete: true }), state(other.id, 'u1', { registered: false })]);
      });
    });

    it('should list children from what is stored and what the batch saved, by user id', async () => {
      const { storage, project } = await seeded();
      const child = (id: string, parentId: string | null, over: Partial<UserState> = {}) => state(project.id, id, { role: 'child', parentId, ...over });
      await storage.users.save([child('c1', 'p'), child('c3', 'p'), child('c4', 'p'), child('x1', 'q')]);
      await inTransaction(storage, async (batch) => {
        await batch.users.save([child('c2', 'p'), child('c3', 'p', { complete: true }), child('c4', 'q'), child('c0', 'p')]);
        expect(await batch.users.children(project.id, 'p')).toEqual([child('c0', 'p'), child('c1', 'p'), child('c2', 'p'), child('c3', 'p', { complete: true })]);
        expect(await batch.users.children(project.id, 'q')).toEqual([child('c4', 'q'), child('x1', 'q')]);
        expect(await batch.users.children(project.id, 'nobody')).toEqual([]);
      });
    });
  });

  describe('when events, deliveries and attempts are written', () => {
    it('should write nothing, and hand everything gathered to takeProduced, in the order written, once', async () => {
      const { storage, project, registered } = await seeded();
      const events = [anEvent(project.id), anEvent(project.id), anEvent(project.id)];
      const deliveries = events.map((e) => aDelivery(e, registered));
      const attempts = [anAttempt(deliveries[0]!), anAttempt(deliveries[2]!)];
      const user = state(project.id, 'u1');
      await inTransaction(storage, async (batch, spy, tx) => {
        await batch.deliveries.insertAttempts([attempts[0]!]);
        await batch.deliveries.insertEvents(events.slice(0, 2));
        await batch.deliveries.insertDeliveries(deliveries.slice(0, 1));
        await batch.deliveries.insertAttempts([attempts[1]!]);
        await batch.deliveries.insertDeliveries(deliveries.slice(1));
        await batch.deliveries.insertEvents([]);
        await batch.deliveries.insertEvents(events.slice(2));
        await batch.users.save([user]);
        expect(spy.reached).toEqual([]);
        expect(await tx.deliveries.get(project.id, deliveries[0]!.id)).toBeNull();
        expect(batch.takeProduced()).toEqual({ users: [user], events, deliveries, attempts });
        expect(batch.takeProduced()).toEqual({ users: [], events: [], deliveries: [], attempts: [] });
        // The states handed over are no longer the batch's: loads read the stores again.
        expect(await batch.users.load(project.id, ['u1'])).toEqual([]);
        expect(spy.reached.map((r) => r.name)).toEqual(['users.load']);
      });
      expect(storage.allDeliveries()).toEqual([]);
      expect(storage.allAttempts()).toEqual([]);
    });

    it('should hand over what ActivityStore.recordAll then writes', async () => {
      const { storage, project, registered } = await seeded();
      const event = anEvent(project.id);
      const delivery = aDelivery(event, registered);
      const attempt = anAttempt(delivery);
      const batch = new BatchStores(storage);
      await batch.deliveries.insertEvents([event]);
      await batch.deliveries.insertDeliveries([delivery]);
      await batch.deliveries.insertAttempts([attempt]);
      await batch.users.save([state(project.id, 'u1')]);
      const record = { projectId: project.id, id: 'act-1', type: 'registered', receivedAt: T0, result: { ok: true } };
      expect(await storage.activities.recordAll([record], batch.takeProduced())).toBe(true);
      expect(await storage.deliveries.get(project.id, delivery.id)).toEqual({ delivery, event, attempts: [attempt] });
      expect(await storage.users.load(project.id, ['u1'])).toEqual([state(project.id, 'u1')]);
      expect(await storage.activities.find(project.id, 'act-1')).toEqual(record);
    });
  });
});
