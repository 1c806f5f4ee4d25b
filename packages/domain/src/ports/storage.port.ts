import type { ProjectStore } from './project-store.port.js';
import type { AdminStore } from './admin-store.port.js';
import type { FormStore } from './form-store.port.js';
import type { SubscriptionStore } from './subscription-store.port.js';
import type { UserStateStore } from './user-state-store.port.js';
import type { ActivityStore } from './activity-store.port.js';
import type { DeliveryStore } from './delivery-store.port.js';

/** All stores, as one transaction (or autocommit) sees them. */
export interface Stores {
  readonly projects: ProjectStore;
  readonly admins: AdminStore;
  readonly forms: FormStore;
  readonly subscriptions: SubscriptionStore;
  readonly users: UserStateStore;
  readonly activities: ActivityStore;
  readonly deliveries: DeliveryStore;
}

/** The storage: every store in autocommit, and `transaction` for all-or-nothing work. */
export interface Storage extends Stores {
  /** Runs `work` in one transaction: it commits if `work` resolves and rolls back if it throws. */
  transaction<T>(work: (tx: Stores) => Promise<T>): Promise<T>;
  /** True when the database answers (readiness). */
  ping(): Promise<boolean>;
}
