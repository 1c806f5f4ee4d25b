import { describe, expect, it } from '@jest/globals';
import type { DeliveryFilter } from '../../ports/delivery-store.port.js';
import type { OpenSubject } from './contract-subject.js';
import { aDelivery, anAttempt, anEvent, at, seedProject } from './fixtures.js';
import { useSubject } from './use-subject.js';

/** The delivery log's search filters, and the evidence an attempt keeps. */
export function deliverySearchContract(open: OpenSubject): void {
  const subject = useSubject(open);

  /** Four deliveries of one project, each with what one filter looks for. */
  async function seedLog() {
    const { storage } = subject();
    const { project, subscription } = await seedProject(storage);
    const ada = anEvent(project.id, { payload: { user_info: { id: 'u-ada', username: 'ada@example.com' } } });
    const group = anEvent(project.id, { payload: { user_info: [{ id: 7, username: 'bob' }, { id: 'u-cy', username: 'cy' }] } });
    const other = anEvent(project.id, { payload: { user_info: { id: 'u-dan', username: 'dan' } } });
    const silent = anEvent(project.id, { payload: { user_info: { id: 'u-eve', username: 'eve' } } });
    const d = {
      ada: aDelivery(ada, subscription, { status: 'failed', createdAt: at(1_000) }),
      group: aDelivery(group, subscription, { status: 'succeeded', createdAt: at(2_000) }),
      other: aDelivery(other, subscription, { status: 'failed', createdAt: at(3_000) }),
      silent: aDelivery(silent, subscription, { status: 'pending', createdAt: at(4_000) }),
    };
    await storage.deliveries.insertEvents([ada, group, other, silent]);
    await storage.deliveries.insertDeliveries(Object.values(d));
    await storage.deliveries.insertAttempts([
      anAttempt(d.ada, { statusCode: 503 }),
      anAttempt(d.group, { statusCode: 500, attemptedAt: at(2_000) }),
      anAttempt(d.group, { statusCode: 204, errorClass: null, succeeded: true, attemptedAt: at(2_500) }),
      anAttempt(d.other, { statusCode: null, responseBody: null, errorClass: 'timeout' }),
      anAttempt(d.silent, { statusCode: null, responseBody: null, errorClass: 'held', durationMs: 0 }),
    ]);
    const ids = async (filter: DeliveryFilter) => (await storage.deliveries.list(project.id, filter, { limit: 10 })).items.map((x) => x.id);
    return { d, ada, ids };
  }

  describe('DeliveryStore.list, searching', () => {
    it('should keep the deliveries created in [createdFrom, createdBefore)', async () => {
      const { d, ids } = await seedLog();
      expect(await ids({ createdFrom: at(2_000), createdBefore: at(4_000) })).toEqual([d.other.id, d.group.id]);
      expect(await ids({ createdFrom: at(3_500) })).toEqual([d.silent.id]);
      expect(await ids({ createdBefore: at(1_000) })).toEqual([]);
    });

    it('should keep the deliveries with an attempt of that response class, `none` being a sent attempt without an answer', async () => {
      const { d, ids } = await seedLog();
      expect(await ids({ responseClass: '5xx' })).toEqual([d.group.id, d.ada.id]);
      expect(await ids({ responseClass: '2xx' })).toEqual([d.group.id]);
      expect(await ids({ responseClass: 'none' })).toEqual([d.other.id]);
      expect(await ids({ responseClass: '4xx' })).toEqual([]);
    });

    it('should find an event by its id, and an applicant by id, numeric id or username, in one user or a group', async () => {
      const { d, ada, ids } = await seedLog();
      expect(await ids({ eventId: ada.id })).toEqual([d.ada.id]);
      expect(await ids({ applicant: 'u-ada' })).toEqual([d.ada.id]);
      expect(await ids({ applicant: 'ada@example.com' })).toEqual([d.ada.id]);
      expect(await ids({ applicant: '7' })).toEqual([d.group.id]);
      expect(await ids({ applicant: 'cy' })).toEqual([d.group.id]);
      expect(await ids({ applicant: 'ADA@example.com' })).toEqual([]);
      expect(await ids({ applicant: 'ada' })).toEqual([]);
    });

    it('should apply every filter given', async () => {
      const { d, ids } = await seedLog();
      expect(await ids({ status: 'failed', responseClass: '5xx' })).toEqual([d.ada.id]);
      expect(await ids({ applicant: 'u-dan', responseClass: '5xx' })).toEqual([]);
    });
  });

  describe('DeliveryStore.get, evidence', () => {
    it('should give back the request as sent and the response headers of an attempt that kept them', async () => {
      const { storage } = subject();
      const { project, subscription } = await seedProject(storage);
      const event = anEvent(project.id);
      const delivery = aDelivery(event, subscription, { status: 'failed' });
      const request = { url: 'https://example.com/hook?a=1', headers: { 'webhook-id': event.id, 'webhook-signature': 'v1,abc= v1,def=' }, body: '{"b":1,"a":"é"}' };
      const kept = anAttempt(delivery, { request, responseHeaders: { 'content-type': 'text/plain', 'retry-after': '5' }, attemptedAt: at(1) });
      const bare = anAttempt(delivery, { attemptedAt: at(2) });
      await storage.deliveries.insertEvents([event]);
      await storage.deliveries.insertDeliveries([delivery]);
      await storage.deliveries.insertAttempts([kept, bare]);
      const found = await storage.deliveries.get(project.id, delivery.id);
      expect(found?.attempts).toEqual([kept, bare]);
    });
  });
}
