import { describe, expect, it } from '@jest/globals';
import { GroupCommitRecording } from '../../batching/group-commit-recording.js';
import type { ActivityRecording } from '../../ports/activity-recording.port.js';
import type { Stores } from '../../ports/storage.port.js';
import type { Project } from '../../model/project.js';
import type { Subscription } from '../../model/subscription.js';
import { TransactionalRecording } from '../../recording/transactional-recording.js';
import type { ContractSubject, OpenSubject } from './contract-subject.js';
import { aDelivery, anEvent, seedProject, uid } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** The implementations of ActivityRecording, each over the subject's storage and clock. */
const IMPLEMENTATIONS: Record<string, (subject: ContractSubject) => ActivityRecording> = {
  'plain (TransactionalRecording)': ({ storage, clock }) => new TransactionalRecording({ storage, clock }),
  'batched (GroupCommitRecording)': ({ storage, clock }) => new GroupCommitRecording({ storage, clock }),
};

/** Work that queues one pending delivery to `subscription` and counts its runs. */
function queuing(subscription: Subscription) {
  const runs = { count: 0 };
  const produce = async (tx: Stores, project: Project) => {
    runs.count += 1;
    const event = anEvent(project.id);
    await tx.deliveries.insertEvents([event]);
    await tx.deliveries.insertDeliveries([aDelivery(event, subscription)]);
    return { eventId: event.id };
  };
  return { runs, produce };
}

/** ActivityRecording: record an activity and what it produced, once — the plain and the batched implementation alike. */
export function recordingContract(open: OpenSubject): void {
  const subject = useSubject(open);

  for (const [name, recordingOf] of Object.entries(IMPLEMENTATIONS)) {
    describe(`ActivityRecording, ${name}`, () => {
      it('should record the activity with what it produced, then answer a repeat of the same request the same, producing nothing', async () => {
        const s = subject();
        const { project, subscription } = await seedProject(s.storage);
        const recording = recordingOf(s);
        const { runs, produce } = queuing(subscription);
        const request = { projectId: project.id, id: 'a1', type: 'login', fingerprint: 'fp-1', users: [], produce };
        const first = await recording.record(request);
        expect(first).toEqual({ kind: 'recorded', value: { eventId: expect.any(String) } });
        expect(await recording.record(request)).toEqual({ kind: 'earlier', value: first.kind === 'recorded' ? first.value : null });
        expect(runs.count).toBe(1);
        expect(await s.queue.pendingCount()).toBe(1);
        expect(await s.storage.activities.find(project.id, 'a1')).toMatchObject({ type: 'login', fingerprint: 'fp-1', result: first.kind === 'recorded' ? first.value : null });
      });

      it('should refuse the id for another request (id_reused), producing nothing', async () => {
        const s = subject();
        const { project, subscription } = await seedProject(s.storage);
        const recording = recordingOf(s);
        const { runs, produce } = queuing(subscription);
        await recording.record({ projectId: project.id, id: 'a1', type: 'login', fingerprint: 'fp-1', users: [], produce });
        expect(await recording.record({ projectId: project.id, id: 'a1', type: 'login', fingerprint: 'fp-2', users: [], produce })).toEqual({ kind: 'id_reused' });
        expect(runs.count).toBe(1);
      });

      it('should answer no_project for an unknown project, producing and recording nothing', async () => {
        const s = subject();
        const { subscription } = await seedProject(s.storage);
        const { runs, produce } = queuing(subscription);
        const missing = uid('prj');
        expect(await recordingOf(s).record({ projectId: missing, id: 'a1', type: 'login', fingerprint: 'fp', users: [], produce })).toEqual({ kind: 'no_project' });
        expect(runs.count).toBe(0);
        expect(await s.storage.activities.find(missing, 'a1')).toBeNull();
      });

      it('should keep nothing when producing fails, and fail with its error', async () => {
        const s = subject();
        const { project, subscription } = await seedProject(s.storage);
        const { produce } = queuing(subscription);
        const boom = new Error('rule broke');
        const failing = async (tx: Stores, p: Project) => {
          await produce(tx, p);
          throw boom;
        };
        await expect(recordingOf(s).record({ projectId: project.id, id: 'a1', type: 'login', fingerprint: 'fp', users: [], produce: failing })).rejects.toBe(boom);
        expect(await s.storage.activities.find(project.id, 'a1')).toBeNull();
        expect(await s.queue.pendingCount()).toBe(0);
      });

      it('should record one of two concurrent requests of one id and answer the other the same', async () => {
        const s = subject();
        const { project, subscription } = await seedProject(s.storage);
        const recording = recordingOf(s);
        const { produce } = queuing(subscription);
        const request = { projectId: project.id, id: 'race', type: 'login', fingerprint: 'fp', users: [], produce };
        const answers = await Promise.all([recording.record(request), recording.record(request)]);
        expect(answers.map((a) => a.kind).sort()).toEqual(['earlier', 'recorded']);
        expect(answers[0]).toEqual({ ...answers[0], value: (answers[1] as { value: unknown }).value });
        expect(await s.queue.pendingCount()).toBe(1);
      });

      it('should never interleave two recordings that change one user', async () => {
        const s = subject();
        const { project } = await seedProject(s.storage);
        const recording = recordingOf(s);
        const assign = (formId: string) => async (tx: Stores, p: Project) => {
          const [existing] = await tx.users.load(p.id, ['u1']);
          const assignments = [...(existing?.assignments ?? []), { formId, completed: false, source: 'platform' as const }];
          await tx.users.save([{ projectId: p.id, userId: 'u1', role: 'applicant', parentId: null, registered: true, complete: false, assignments }]);
          return formId;
        };
        await Promise.all(['f1', 'f2', 'f3'].map((formId) => recording.record({ projectId: project.id, id: formId, type: 'form_assigned', fingerprint: formId, users: ['u1'], produce: assign(formId) })));
        const [state] = await s.storage.users.load(project.id, ['u1']);
        expect(state?.assignments.map((a) => a.formId).sort()).toEqual(['f1', 'f2', 'f3']);
      });

      it('should wake a waiting worker once it recorded a pending delivery', async () => {
        const s = subject();
        const { project, subscription } = await seedProject(s.storage);
        const { produce } = queuing(subscription);
        const waiting = s.signal.wait(60_000);
        await recordingOf(s).record({ projectId: project.id, id: 'woken', type: 'login', fingerprint: 'fp', users: [], produce });
        await waiting;
      });
    });
  }
}
