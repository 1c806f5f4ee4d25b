import { ContainerModule } from 'inversify';
import {
  Authenticate,
  BatchedCompletions,
  DeliveryLog,
  DeliveryWorker,
  FormAdministration,
  FormInteractions,
  GroupCommitRecording,
  ListenToEvents,
  ProjectAdministration,
  ReportActivity,
  SendTestEvent,
  StoredFormContexts,
  TOKENS,
  WebhookAdministration,
  sharedFormContexts,
  sharedStoreReads,
} from '@webhooks/domain';
import type {
  ActivityRecording,
  AttemptObserver,
  Clock,
  DeliveryQueue,
  DeliveryWorkerDeps,
  DomainConfig,
  FormContextReads,
  IdGenerator,
  LiveEvents,
  Random,
  RecordingStorage,
  Storage,
  TargetGuard,
  WebhookTransport,
  WorkSignal,
} from '@webhooks/domain';

/** The attempt observer, when the app bound one (it logs and counts every attempt). */
const OBSERVER = { serviceIdentifier: TOKENS.AttemptObserver, optional: true } as const;

/** The storage adapter's own reading of a form's context, when it has one (Postgres: one statement). */
const OWN_FORM_CONTEXTS = { serviceIdentifier: TOKENS.FormContextReads, optional: true } as const;

/** `{ observer }` when there is one (the domain's deps take no explicit undefined). */
const observed = (observer: AttemptObserver | undefined) => (observer ? { observer } : {});

/** Tokens of the domain's use cases (the ports' tokens live in the domain). */
export const USE_CASES = {
  Authenticate: Symbol.for('webhooks.Authenticate'),
  ProjectAdministration: Symbol.for('webhooks.ProjectAdministration'),
  FormAdministration: Symbol.for('webhooks.FormAdministration'),
  WebhookAdministration: Symbol.for('webhooks.WebhookAdministration'),
  SendTestEvent: Symbol.for('webhooks.SendTestEvent'),
  ReportActivity: Symbol.for('webhooks.ReportActivity'),
  FormInteractions: Symbol.for('webhooks.FormInteractions'),
  DeliveryLog: Symbol.for('webhooks.DeliveryLog'),
  ListenToEvents: Symbol.for('webhooks.ListenToEvents'),
  DeliveryWorker: Symbol.for('webhooks.DeliveryWorker'),
  /** The {@link WorkerProcess} the composition binds: what the worker needs of its process. */
  WorkerProcess: Symbol.for('webhooks.WorkerProcess'),
} as const;

/** What the delivery worker takes from its process: its name, and where it reports trouble. */
export type WorkerProcess = Pick<DeliveryWorkerDeps, 'workerId' | 'onError' | 'onLeaseLost'>;

/**
 * Binds the domain configuration and every use case, built by its factory over the bound ports.
 * Speed is chosen here: recordings are committed in groups (GroupCommitRecording, one per use case
 * that records), the hot reads of authentication and form interactions are shared by concurrent
 * requests (sharedStoreReads, sharedFormContexts), a form's context is the storage adapter's own
 * reading when it offers one (one statement in Postgres) and four reads otherwise, and the worker's outcomes of concurrent sends are written together
 * (BatchedCompletions).
 */
export const domainContainerModule = (config: DomainConfig): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.DomainConfig).toConstantValue(config);
    bind(TOKENS.ActivityRecording).toResolvedValue(
      (storage: RecordingStorage, clock: Clock) => new GroupCommitRecording({ storage, clock }),
      [TOKENS.Storage, TOKENS.Clock],
    );
    bind(USE_CASES.Authenticate)
      .toResolvedValue((storage: Storage) => new Authenticate({ storage: sharedStoreReads(storage), operatorToken: config.operatorToken }), [TOKENS.Storage])
      .inSingletonScope();
    bind(USE_CASES.ProjectAdministration)
      .toResolvedValue(
        (storage: Storage, clock: Clock, ids: IdGenerator, random: Random) => new ProjectAdministration({ storage, clock, ids, random }),
        [TOKENS.Storage, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.Random],
      )
      .inSingletonScope();
    bind(USE_CASES.FormAdministration)
      .toResolvedValue((storage: Storage) => new FormAdministration({ storage }), [TOKENS.Storage])
      .inSingletonScope();
    bind(USE_CASES.WebhookAdministration)
      .toResolvedValue(
        (storage: Storage, clock: Clock, ids: IdGenerator, random: Random, targets: TargetGuard) =>
          new WebhookAdministration({ storage, clock, ids, random, allowHttpTargets: config.allowHttpTargets, targets, secretGraceMs: config.secretGraceMs }),
        [TOKENS.Storage, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.Random, TOKENS.TargetGuard],
      )
      .inSingletonScope();
    bind(USE_CASES.SendTestEvent)
      .toResolvedValue(
        (storage: Storage, transport: WebhookTransport, clock: Clock, ids: IdGenerator, random: Random, observer: AttemptObserver | undefined) =>
          new SendTestEvent({ storage, transport, clock, ids, random, retryPolicy: config.retryPolicy, ...observed(observer) }),
        [TOKENS.Storage, TOKENS.WebhookTransport, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.Random, OBSERVER],
      )
      .inSingletonScope();
    bind(USE_CASES.ReportActivity)
      .toResolvedValue(
        (stores: Storage, recording: ActivityRecording, clock: Clock, ids: IdGenerator, live: LiveEvents) =>
          new ReportActivity({ stores, recording, clock, ids, live, groupPageSize: config.groupPageSize }),
        [TOKENS.Storage, TOKENS.ActivityRecording, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.LiveEvents],
      )
      .inSingletonScope();
    bind(USE_CASES.FormInteractions)
      .toResolvedValue(
        (
          storage: Storage,
          recording: ActivityRecording,
          transport: WebhookTransport,
          clock: Clock,
          ids: IdGenerator,
          live: LiveEvents,
          observer: AttemptObserver | undefined,
          ownContexts: FormContextReads | undefined,
        ) =>
          new FormInteractions({
            stores: sharedStoreReads(storage),
            contexts: sharedFormContexts(ownContexts ?? new StoredFormContexts(storage)),
            recording,
            transport,
            clock,
            ids,
            live,
            interactiveDeadlineMs: config.interactiveDeadlineMs,
            ...observed(observer),
          }),
        [TOKENS.Storage, TOKENS.ActivityRecording, TOKENS.WebhookTransport, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.LiveEvents, OBSERVER, OWN_FORM_CONTEXTS],
      )
      .inSingletonScope();
    bind(USE_CASES.DeliveryLog)
      .toResolvedValue(
        (storage: Storage, clock: Clock) => new DeliveryLog({ storage, clock }),
        [TOKENS.Storage, TOKENS.Clock],
      )
      .inSingletonScope();
    bind(USE_CASES.ListenToEvents)
      .toResolvedValue((storage: Storage, live: LiveEvents) => new ListenToEvents({ storage, live }), [TOKENS.Storage, TOKENS.LiveEvents])
      .inSingletonScope();
    bind(USE_CASES.DeliveryWorker)
      .toResolvedValue(
        (
          storage: Storage,
          queue: DeliveryQueue,
          signal: WorkSignal,
          transport: WebhookTransport,
          clock: Clock,
          ids: IdGenerator,
          random: Random,
          workerProcess: WorkerProcess,
          observer: AttemptObserver | undefined,
        ) =>
          new DeliveryWorker({
            storage,
            // Outcomes of concurrent sends written together; a failed write is tried again at the next poll.
            queue: new BatchedCompletions(queue, { tries: 3, retryMs: config.worker.pollIntervalMs, ...(workerProcess.onError ? { onError: workerProcess.onError } : {}) }),
            signal,
            transport,
            clock,
            ids,
            random,
            retryPolicy: config.retryPolicy,
            config: config.worker,
            ...workerProcess,
            ...observed(observer),
          }),
        [TOKENS.Storage, TOKENS.DeliveryQueue, TOKENS.WorkSignal, TOKENS.WebhookTransport, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.Random, USE_CASES.WorkerProcess, OBSERVER],
      )
      .inSingletonScope();
  });
