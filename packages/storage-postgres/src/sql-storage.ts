import type { RecordingStorage, RecordingStores } from '@webhooks/domain';
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import { ActivityRepository } from './repositories/activity.repository.js';
import { AdminRepository } from './repositories/admin.repository.js';
import { DeliveryRepository } from './repositories/delivery.repository.js';
import { FormRepository } from './repositories/form.repository.js';
import { ProjectRepository } from './repositories/project.repository.js';
import { SubscriptionRepository } from './repositories/subscription.repository.js';
import { UserStateRepository } from './repositories/user-state.repository.js';
import { translated, translatingErrors } from './sql/unavailable.js';

/**
 * Every store over one executor: the pool (autocommit) or one transaction. A database that cannot
 * be reached fails their calls with the domain's StorageUnavailableError.
 */
function storesOver(db: Kysely<Database>): RecordingStores {
  return {
    projects: translatingErrors(new ProjectRepository(db)),
    admins: translatingErrors(new AdminRepository(db)),
    forms: translatingErrors(new FormRepository(db)),
    subscriptions: translatingErrors(new SubscriptionRepository(db)),
    users: translatingErrors(new UserStateRepository(db)),
    activities: translatingErrors(new ActivityRepository(db)),
    deliveries: translatingErrors(new DeliveryRepository(db)),
  };
}

/** The domain's storage over Kysely (Postgres or PGlite). */
export class SqlStorage implements RecordingStorage {
  readonly projects: RecordingStores['projects'];
  readonly admins: RecordingStores['admins'];
  readonly forms: RecordingStores['forms'];
  readonly subscriptions: RecordingStores['subscriptions'];
  readonly users: RecordingStores['users'];
  readonly activities: RecordingStores['activities'];
  readonly deliveries: RecordingStores['deliveries'];

  /**
   * @param transactionScope wraps the work of every transaction (the embedded database uses it to
   *   fail fast when the work queries the outer storage instead of `tx`).
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly transactionScope: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
  ) {
    const stores = storesOver(db);
    this.projects = stores.projects;
    this.admins = stores.admins;
    this.forms = stores.forms;
    this.subscriptions = stores.subscriptions;
    this.users = stores.users;
    this.activities = stores.activities;
    this.deliveries = stores.deliveries;
  }

  /** Runs `work` in one database transaction; the stores it is given use that transaction. */
  transaction<T>(work: (tx: RecordingStores) => Promise<T>): Promise<T> {
    return this.db
      .transaction()
      .execute((trx) => this.transactionScope(() => work(storesOver(trx))))
      .catch((error: unknown) => {
        throw translated(error);
      });
  }

  /** True when `select 1` answers. */
  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }
}
