import { describe, expect, it } from '@jest/globals';
import { sharedFormContexts } from '../../batching/shared-store-reads.js';
import type { Form } from '../../model/form.js';
import type { FormContextReads } from '../../ports/form-context-reads.port.js';
import { StoredFormContexts } from '../../reads/stored-form-contexts.js';
import type { ContractSubject, OpenSubject } from './contract-subject.js';
import { aProject, aSubscription, anAdmin, at, uid } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** The adapter's own reading of a form's context, or the plain one when it has none. */
const ownOrPlain = ({ storage, formContexts }: ContractSubject): FormContextReads => formContexts ?? new StoredFormContexts(storage);

/** The implementations of FormContextReads over the subject: the plain one, the adapter's own, and that shared as the composition binds it. */
const IMPLEMENTATIONS: Record<string, (subject: ContractSubject) => FormContextReads> = {
  'plain (StoredFormContexts)': ({ storage }) => new StoredFormContexts(storage),
  "the adapter's own (one statement in SQL)": ownOrPlain,
  "the adapter's own, shared (sharedFormContexts)": (s) => sharedFormContexts(ownOrPlain(s)),
};

/** FormContextReads: what an interactive moment reads, answered alike by every implementation. */
export function formContextContract(open: OpenSubject): void {
  const subject = useSubject(open);

  for (const [name, readsOf] of Object.entries(IMPLEMENTATIONS)) {
    describe(`FormContextReads, ${name}`, () => {
      it('should answer at once what the project, form, subscription and admin reads answer', async () => {
        const s = subject();
        const { storage } = s;
        const reads = readsOf(s);
        const [p, q] = [aProject({ system: 'family', createdAt: at(1_234) }), aProject()];
        await storage.projects.insert(p);
        await storage.projects.insert(q);
        const form: Form = { projectId: p.id, id: '42', name: 'Parent "details" é', audience: 'parent', mandatory: true, reach: 'assigned' };
        await storage.forms.upsertForm(form);
        await storage.admins.insert(anAdmin(p.id));
        const keys = ['form_preprocess', 'form_preprocess_42'];
        const subscriptions = [
          aSubscription(p.id, { eventKey: 'form_preprocess_42', createdAt: at(3), updatedAt: at(9_000), description: 'late' }),
          aSubscription(p.id, { eventKey: 'form_preprocess', createdAt: at(1), timeoutMs: 1_500, failurePolicy: 'closed' }),
          aSubscription(p.id, {
            eventKey: 'form_preprocess',
            createdAt: at(2),
            enabled: false,
            disabledReason: 'gone',
            secrets: [
              { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: at(5), expiresAt: at(86_400_000) },
              { secret: 'whsec_bm90IGEgcmVhbCBzZWNyZXQgYXQgYWxsIQ==', createdAt: at(6), expiresAt: null },
            ],
          }),
          aSubscription(p.id, { eventKey: 'form_submit_42', createdAt: at(0) }),
          aSubscription(q.id, { eventKey: 'form_preprocess', createdAt: at(0) }),
        ];
        for (const s of subscriptions) await storage.subscriptions.insert(s);
        const context = await reads.read(p.id, '42', keys);
        expect(context).toEqual({
          project: await storage.projects.get(p.id),
          form: await storage.forms.getForm(p.id, '42'),
          subscriptions: await storage.subscriptions.listForEvents(p.id, keys),
          hasApiAdmin: true,
        });
        expect(context.project).toEqual(p);
        expect(context.subscriptions.map((s) => s.id)).toEqual([subscriptions[1]!.id, subscriptions[2]!.id, subscriptions[0]!.id]);
        expect(context.subscriptions[1]).toEqual(subscriptions[2]);
      });

      it('should answer nulls, no subscriptions and no admin for what does not exist', async () => {
        const s = subject();
        const { storage } = s;
        const reads = readsOf(s);
        const p = aProject();
        await storage.projects.insert(p);
        await storage.admins.insert(anAdmin(p.id, { active: false }));
        await storage.admins.insert(anAdmin(p.id, { apiAdmin: false }));
        await storage.subscriptions.insert(aSubscription(p.id, { eventKey: 'form_load_7' }));
        expect(await reads.read(p.id, '7', ['form_load_7'])).toMatchObject({ project: p, form: null, hasApiAdmin: false });
        expect(await reads.read(p.id, '7', [])).toMatchObject({ subscriptions: [] });
        expect(await reads.read(uid('prj'), '7', ['form_load_7'])).toEqual({ project: null, form: null, subscriptions: [], hasApiAdmin: false });
      });
    });
  }
}
