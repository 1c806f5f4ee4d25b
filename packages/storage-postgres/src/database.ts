import type { ActivityTable } from './tables/activity.table.js';
import type { AdminTable } from './tables/admin.table.js';
import type { AttemptTable } from './tables/attempt.table.js';
import type { DeliveryTable } from './tables/delivery.table.js';
import type { EventTable } from './tables/event.table.js';
import type { FormTable } from './tables/form.table.js';
import type { ListenSessionTable } from './tables/listen-session.table.js';
import type { LiveEventTable } from './tables/live-event.table.js';
import type { ProjectTable } from './tables/project.table.js';
import type { SubscriptionTable } from './tables/subscription.table.js';
import type { TriggerTable } from './tables/trigger.table.js';
import type { UserStateTable } from './tables/user-state.table.js';

/** The schema as Kysely sees it: table name → row interface. */
export interface Database {
  projects: ProjectTable;
  admins: AdminTable;
  forms: FormTable;
  triggers: TriggerTable;
  subscriptions: SubscriptionTable;
  user_states: UserStateTable;
  activities: ActivityTable;
  events: EventTable;
  deliveries: DeliveryTable;
  attempts: AttemptTable;
  listen_sessions: ListenSessionTable;
  live_events: LiveEventTable;
}
