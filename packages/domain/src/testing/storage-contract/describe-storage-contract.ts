import { describe } from '@jest/globals';
import { configurationContract } from './configuration.contract.js';
import type { OpenSubject } from './contract-subject.js';
import { deliveryLogContract } from './delivery-log.contract.js';
import { deliverySearchContract } from './delivery-search.contract.js';
import { formContextContract } from './form-context.contract.js';
import { liveEventsContract } from './live-events.contract.js';
import { queueContract } from './queue.contract.js';
import { recordingContract } from './recording.contract.js';
import { signalContract } from './signal.contract.js';
import { subscriptionsContract } from './subscriptions.contract.js';
import { transactionsContract } from './transactions.contract.js';

/**
 * The storage contract: every method of every store, transactions, the delivery queue (leases,
 * completion, release, requeue, retention, parallel claimers), the work signal, and the
 * recording of activities once (ActivityRecording, plain and batched, over the storage), and a
 * form's context (FormContextReads: plain, and the adapter's own). Any adapter
 * (Postgres, PGlite, the in-memory fake) runs the very same suite (and the live events of `webhooks listen`):
 *
 * ```ts
 * describeStorageContract('in memory', async () => {
 *   const s = new InMemoryStorage();
 *   return { storage: s, queue: s, signal: s, live: new InMemoryLiveEvents(), close: async () => {} };
 * });
 * ```
 *
 * `open` is called before every test and must give an empty storage. Time is passed in as `now`;
 * nothing sleeps for time to pass (only the signal tests wait, briefly, for real).
 */
export function describeStorageContract(name: string, open: OpenSubject): void {
  describe(`${name}: storage contract`, () => {
    configurationContract(open);
    formContextContract(open);
    subscriptionsContract(open);
    transactionsContract(open);
    deliveryLogContract(open);
    deliverySearchContract(open);
    queueContract(open);
    signalContract(open);
    recordingContract(open);
    liveEventsContract(open);
  });
}
