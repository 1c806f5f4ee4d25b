import type {
  Authenticate,
  Clock,
  DeliveryLog,
  FormAdministration,
  FormInteractions,
  ListenToEvents,
  ProjectAdministration,
  ReportActivity,
  SendTestEvent,
  WebhookAdministration,
} from '@webhooks/domain';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WebhookMetrics } from './metrics/create-metrics.js';

/** The public methods of a use case class, so tests and apps may pass any object that has them. */
type Methods<T> = Pick<T, keyof T>;

/** The domain's use cases the routes call. */
export interface HttpUseCases {
  readonly authenticate: Methods<Authenticate>;
  readonly projects: Methods<ProjectAdministration>;
  readonly forms: Methods<FormAdministration>;
  readonly webhooks: Methods<WebhookAdministration>;
  readonly sendTest: Methods<SendTestEvent>;
  readonly reportActivity: Methods<ReportActivity>;
  readonly interactions: Methods<FormInteractions>;
  readonly deliveryLog: Methods<DeliveryLog>;
  readonly listen: Methods<ListenToEvents>;
}

/** What the HTTP app needs. */
export interface HttpDeps {
  readonly useCases: HttpUseCases;
  /** The root logger; each request logs through a child with its request id. Keys are redacted. */
  readonly logger: Logger;
  /** The registry `/metrics` serves. */
  readonly registry: Registry;
  /** The metrics of {@link createMetrics}, registered in `registry`. */
  readonly metrics: WebhookMetrics;
  /** Whether the service can serve (the database answers); `/ready` answers 503 otherwise. */
  readonly ready: () => Promise<boolean>;
  /** Largest accepted request body; 256 KiB when left out. */
  readonly maxBodyBytes?: number;
  /** When set, `/metrics` answers only `Authorization: Bearer <metricsToken>` (401 otherwise). */
  readonly metricsToken?: string;
  /** The URL the API is reached at, written as the server of the OpenAPI document. */
  readonly publicBaseUrl?: string;
  /** Aborted when the service stops: open streams (listen) end, so the server can close. */
  readonly shutdown?: AbortSignal;
  /** The time interactions happened when the platform does not say; the system clock when left out. */
  readonly clock?: Clock;
}
