import { DEFAULT_RETRY_POLICY } from '../delivery/retry-policy.js';
import type { DomainConfig } from '../use-cases/domain-config.js';
import { Authenticate } from '../use-cases/authenticate.js';
import { DeliveryLog } from '../use-cases/delivery-log.js';
import { DeliveryWorker } from '../use-cases/delivery-worker.js';
import { FormAdministration } from '../use-cases/form-administration.js';
import { FormInteractions } from '../use-cases/form-interactions.js';
import { ProjectAdministration } from '../use-cases/project-administration.js';
import { ReportActivity } from '../use-cases/report-activity.js';
import { SendTestEvent } from '../use-cases/send-test-event.js';
import { WebhookAdministration } from '../use-cases/webhook-administration.js';
import { InMemoryStorage } from './in-memory-storage.js';
import { GroupCommitRecording } from '../batching/group-commit-recording.js';
import { BatchedCompletions } from '../batching/batched-completions.js';
import { sharedFormContexts, sharedStoreReads } from '../batching/shared-store-reads.js';
import { StoredFormContexts } from '../reads/stored-form-contexts.js';
import { ListedTargetGuard } from './listed-target-guard.js';
import { InMemoryLiveEvents } from './in-memory-live-events.js';
import { ListenToEvents } from '../use-cases/listen-to-events.js';
import { ManualClock } from './manual-clock.js';
import { RecordingObserver } from './recording-observer.js';
import { ScriptedTransport } from './scripted-transport.js';
import { SeededRandom } from './seeded-random.js';
import { SequentialIds } from './sequential-ids.js';

/** The configuration the in-memory service runs with unless told otherwise. */
export const TEST_CONFIG: DomainConfig = {
  operatorToken: 'operator-test-token',
  allowHttpTargets: true,
  secretGraceMs: 24 * 3600 * 1000,
  retryPolicy: DEFAULT_RETRY_POLICY,
  groupPageSize: 100,
  interactiveDeadlineMs: 5_000,
  worker: { batchSize: 50, concurrency: 8, perHostConcurrency: 4, leaseMs: 60_000, pollIntervalMs: 1_000, disableFailingAfterMs: 5 * 86_400_000 },
};

/**
 * Every use case of the domain over in-memory fakes of every port: the whole service without a
 * database or network, for domain tests and for adapters that need a working domain behind them.
 */
export function createInMemoryService(overrides: Partial<DomainConfig> = {}) {
  const config: DomainConfig = { ...TEST_CONFIG, ...overrides };
  const clock = new ManualClock();
  // One clock for the service and its "database".
  const storage = new InMemoryStorage(clock);
  const ids = new SequentialIds();
  const random = new SeededRandom();
  const transport = new ScriptedTransport();
  const targets = new ListedTargetGuard();
  const observer = new RecordingObserver();
  const live = new InMemoryLiveEvents();
  const base = { storage, clock, ids, random };
  // Composed as the service is: recordings committed in groups, hot reads shared, completions batched.
  const stores = sharedStoreReads(storage);
  return {
    config,
    storage,
    queue: storage,
    signal: storage,
    clock,
    ids,
    random,
    transport,
    targets,
    live,
    /** Every attempt the worker, the interactive calls and the test sends made. */
    observer,
    authenticate: new Authenticate({ storage: stores, operatorToken: config.operatorToken }),
    projects: new ProjectAdministration(base),
    forms: new FormAdministration({ storage }),
    webhooks: new WebhookAdministration({ ...base, allowHttpTargets: config.allowHttpTargets, targets, secretGraceMs: config.secretGraceMs }),
    sendTest: new SendTestEvent({ ...base, transport, retryPolicy: config.retryPolicy, observer }),
    reportActivity: new ReportActivity({ stores, recording: new GroupCommitRecording({ storage, clock }), clock, ids, live, groupPageSize: config.groupPageSize }),
    interactions: new FormInteractions({
      stores,
      contexts: sharedFormContexts(new StoredFormContexts(storage)),
      recording: new GroupCommitRecording({ storage, clock }),
      transport,
      clock,
      ids,
      live,
      interactiveDeadlineMs: config.interactiveDeadlineMs,
      observer,
    }),
    listen: new ListenToEvents({ storage, live }),
    deliveryLog: new DeliveryLog({ storage, clock }),
    worker: new DeliveryWorker({
      storage,
      queue: new BatchedCompletions(storage, { tries: 2, retryMs: 10 }),
      signal: storage,
      transport,
      clock,
      ids,
      random,
      retryPolicy: config.retryPolicy,
      config: config.worker,
      workerId: 'worker-test',
      observer,
    }),
  };
}

/** The in-memory service. */
export type InMemoryService = ReturnType<typeof createInMemoryService>;
