import { ContainerModule } from 'inversify';
import {
  Authenticate,
  DeliveryLog,
  DeliveryWorker,
  FormAdministration,
  FormInteractions,
  ListenToEvents,
  ProjectAdministration,
  ReportActivity,
  SendTestEvent,
  TOKENS,
  WebhookAdministration,
} from '@webhooks/domain';
import type { AttemptObserver, Clock, DeliveryQueue, DeliveryWorkerDeps, DomainConfig, IdGenerator, LiveEvents, Random, Storage, TargetGuard, WebhookTransport, WorkSignal } from '@webhooks/domain';

/** The attempt observer, when the app bound one (it logs and counts every attempt). */
const OBSERVER = { serviceIdentifier: TOKENS.AttemptObserver, optional: true } as const;

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

/** Binds the domain configuration and every use case, built by its factory over the bound ports. */
export const domainContainerModule = (config: DomainConfig): ContainerModule =>
  new ContainerModule(({ bind }) => {
    bind(TOKENS.DomainConfig).toConstantValue(config);
    bind(USE_CASES.Authenticate)
      .toResolvedValue((storage: Storage) => new Authenticate({ storage, operatorToken: config.operatorToken }), [TOKENS.Storage])
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
        (storage: Storage, clock: Clock, ids: IdGenerator, signal: WorkSignal, live: LiveEvents) =>
          new ReportActivity({ storage, clock, ids, signal, live, groupPageSize: config.groupPageSize }),
        [TOKENS.Storage, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.WorkSignal, TOKENS.LiveEvents],
      )
      .inSingletonScope();
    bind(USE_CASES.FormInteractions)
      .toResolvedValue(
        (storage: Storage, transport: WebhookTransport, clock: Clock, ids: IdGenerator, signal: WorkSignal, live: LiveEvents, observer: AttemptObserver | undefined) =>
          new FormInteractions({ storage, transport, clock, ids, signal, live, interactiveDeadlineMs: config.interactiveDeadlineMs, ...observed(observer) }),
        [TOKENS.Storage, TOKENS.WebhookTransport, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.WorkSignal, TOKENS.LiveEvents, OBSERVER],
      )
      .inSingletonScope();
    bind(USE_CASES.DeliveryLog)
      .toResolvedValue(
        (storage: Storage, clock: Clock, signal: WorkSignal) => new DeliveryLog({ storage, clock, signal }),
        [TOKENS.Storage, TOKENS.Clock, TOKENS.WorkSignal],
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
        ) => new DeliveryWorker({ storage, queue, signal, transport, clock, ids, random, retryPolicy: config.retryPolicy, config: config.worker, ...workerProcess, ...observed(observer) }),
        [TOKENS.Storage, TOKENS.DeliveryQueue, TOKENS.WorkSignal, TOKENS.WebhookTransport, TOKENS.Clock, TOKENS.IdGenerator, TOKENS.Random, USE_CASES.WorkerProcess, OBSERVER],
      )
      .inSingletonScope();
  });
