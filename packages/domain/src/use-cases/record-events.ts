import { buildEnvelope } from '../payloads/envelope.js';
import { planDeliveries } from '../dispatch/plan-deliveries.js';
import type { PlannedEvent } from '../dispatch/planned-event.js';
import type { Origin, PlatformId } from '../model/activity.js';
import { idKey } from '../input/platform-id.js';
import type { Delivery } from '../model/delivery.js';
import type { SuppressionReason, WebhookEvent } from '../model/event.js';
import type { Project } from '../model/project.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Stores } from '../ports/storage.port.js';

/** What one event became, as the platform is told. */
export interface EventSummary {
  readonly key: string;
  readonly eventId: string;
  /** Deliveries queued to be sent. */
  readonly deliveries: number;
  /** Why the event (or all of its deliveries) went nowhere, if so. */
  readonly suppressed?: SuppressionReason;
}

/** What recording planned events gave: the platform's summaries, and the events live listeners may get. */
export interface RecordedEvents {
  readonly summaries: EventSummary[];
  /**
   * Every event built that was not suppressed, whether or not a webhook subscribes to it (only
   * those with deliveries are stored): what `webhooks listen` forwards once the work is committed.
   */
  readonly live: WebhookEvent[];
}

/** The context every event of one activity shares. */
export interface EventContext {
  readonly project: Project;
  /** As the platform sent it: keyed (`idKey`) on the stored event, as sent in `meta_info`. */
  readonly activityId: PlatformId;
  readonly origin: Origin;
  readonly occurredAt: Date;
  readonly now: Date;
  readonly ids: IdGenerator;
}

/** Turns planned events into stored events and queued deliveries, inside the caller's transaction. */
export async function recordPlannedEvents(tx: Stores, ctx: EventContext, planned: readonly PlannedEvent[]): Promise<RecordedEvents> {
  if (planned.length === 0) return { summaries: [], live: [] };
  const keys = [...new Set(planned.map((p) => p.key))];
  const subscriptions = await tx.subscriptions.listForEvents(ctx.project.id, keys);
  const withAdmin = subscriptions.length > 0 ? await tx.admins.projectsWithActiveApiAdmin([ctx.project.id]) : new Set<string>();
  const hasApiAdmin = withAdmin.has(ctx.project.id);
  const events: WebhookEvent[] = [];
  const deliveries: Delivery[] = [];
  const summaries: EventSummary[] = [];
  const live: WebhookEvent[] = [];
  for (const plan of planned) {
    const eventId = ctx.ids.next('msg');
    const mine = subscriptions.filter((s) => s.eventKey === plan.key);
    const suppressed: SuppressionReason | null = plan.suppressed ?? (mine.length > 0 && !hasApiAdmin ? 'no_api_admin' : null);
    const event: WebhookEvent = {
      id: eventId,
      projectId: ctx.project.id,
      activityId: idKey(ctx.activityId),
      key: plan.key,
      occurredAt: ctx.occurredAt,
      suppressed,
      payload: buildEnvelope({
        eventId,
        key: plan.key,
        occurredAt: ctx.occurredAt,
        project: ctx.project,
        activityId: ctx.activityId,
        origin: ctx.origin,
        userInfo: plan.userInfo,
        extras: plan.extras,
        ...(plan.page ? { page: plan.page } : {}),
      }),
    };
    if (event.suppressed === null) live.push(event);
    const planned = planDeliveries(event, mine, { hasApiAdmin, now: ctx.now, nextId: () => ctx.ids.next('dlv') });
    if (planned.length > 0) {
      events.push(event);
      deliveries.push(...planned);
    }
    const queued = planned.filter((d) => d.status === 'pending').length;
    const reason = suppressed ?? (mine.length > 0 && queued === 0 ? planned[0]?.suppressedReason ?? null : null);
    summaries.push({ key: plan.key, eventId, deliveries: queued, ...(reason ? { suppressed: reason } : {}) });
  }
  await tx.deliveries.insertEvents(events);
  await tx.deliveries.insertDeliveries(deliveries);
  return { summaries, live };
}
