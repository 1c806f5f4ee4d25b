import { randomUUID } from 'node:crypto';
import { LiveEventQueue } from '@webhooks/domain';
import type { LiveEvents, LiveSubscription, WebhookEvent } from '@webhooks/domain';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.js';
import { jsonRows } from '../sql/json-rows.js';
import { LIVE_EVENT_TYPES, type LiveEventRow } from '../tables/live-event.table.js';

/** Timings of {@link SqlLiveEvents}. */
export interface SqlLiveEventsOptions {
  /** How often a process holding sessions takes their events (a local publish takes at once). Default 250 ms. */
  readonly pollMs?: number;
  /** How long a process trusts its list of every process's sessions before reading it again. Default 1 s. */
  readonly sessionsCacheMs?: number;
  /** How long a session lives without renewal (renewed every third of it while its process runs). Default 60 s. */
  readonly sessionTtlMs?: number;
}

/** A session of any process, as publishers see it. */
interface KnownSession {
  readonly id: string;
  readonly projectId: string;
  readonly keys: ReadonlySet<string>;
}

/** A session this process holds. */
interface LocalSession extends KnownSession {
  readonly queue: LiveEventQueue;
}

/**
 * Live events over Postgres (and PGlite), between any number of processes:
 *
 * - `subscribe` writes a row in `listen_sessions` (project, keys, expiry renewed while the process
 *   runs); a dead process's sessions lapse, and their waiting events go with them.
 * - `publish` reads which sessions exist (cached for `sessionsCacheMs`, so a busy process reads
 *   the small table at most once a second and an idle one never), and when some want the events,
 *   writes one `live_events` row per (session, event) — one statement — else nothing.
 * - The process holding a session takes its rows (`DELETE … RETURNING`, so each is handed over
 *   once) every `pollMs`, and at once after a publish of its own.
 *
 * At most once: an event whose session closes (or whose process dies) before it is taken is
 * dropped. A session started in another process is seen by this one's publishes within
 * `sessionsCacheMs`; one of this process, at once.
 */
export class SqlLiveEvents implements LiveEvents {
  private readonly local = new Map<string, LocalSession>();
  private known: readonly KnownSession[] = [];
  private knownAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<readonly KnownSession[]> | null = null;
  private taking: Promise<void> | null = null;
  private takeAgain = false;
  private timers: readonly NodeJS.Timeout[] = [];
  private closed = false;
  private readonly pollMs: number;
  private readonly cacheMs: number;
  private readonly ttlMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    options: SqlLiveEventsOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 250;
    this.cacheMs = options.sessionsCacheMs ?? 1_000;
    this.ttlMs = options.sessionTtlMs ?? 60_000;
  }

  async publish(events: readonly WebhookEvent[]): Promise<void> {
    if (this.closed || events.length === 0) return;
    try {
      const sessions = await this.sessions();
      const rows: LiveEventRow[] = [];
      for (const event of events) {
        for (const session of sessions) {
          if (session.projectId !== event.projectId || !session.keys.has(event.key)) continue;
          rows.push({ session_id: session.id, event_id: event.id, event_key: event.key, occurred_at: event.occurredAt, payload: JSON.stringify(event.payload) });
        }
      }
      if (rows.length === 0) return;
      // Only for sessions that still exist (one may have closed since the list was read).
      await sql`insert into live_events (session_id, event_id, event_key, occurred_at, payload)
        select r.* from (${jsonRows(rows, LIVE_EVENT_TYPES)}) as r where exists (select 1 from listen_sessions s where s.id = r.session_id)`.execute(this.db);
      if (rows.some((row) => this.local.has(row.session_id))) this.take();
    } catch {
      // A session closing meanwhile, the database out of reach: the listener's loss (at most once).
    }
  }

  async subscribe(projectId: string, keys: readonly string[]): Promise<LiveSubscription> {
    if (this.closed) throw new Error('live events are closed');
    const id = `lsn_${randomUUID()}`;
    await this.db
      .insertInto('listen_sessions')
      .values({ id, project_id: projectId, event_keys: [...keys], expires_at: sql<Date>`now() + ${`${this.ttlMs} milliseconds`}::interval` })
      .execute();
    const session: LocalSession = { id, projectId, keys: new Set(keys), queue: new LiveEventQueue(() => this.forget(id)) };
    this.local.set(id, session);
    this.known = [...this.known, session];
    if (this.timers.length === 0) {
      const poll = setInterval(() => this.take(), this.pollMs);
      const renew = setInterval(() => void this.renew(), Math.max(1_000, Math.floor(this.ttlMs / 3)));
      for (const timer of [poll, renew]) timer.unref();
      this.timers = [poll, renew];
    }
    return session.queue;
  }

  /** Ends every session of this process (the storage is closing); their rows are deleted. */
  async close(): Promise<void> {
    this.closed = true;
    this.stopTimers();
    const ids = [...this.local.keys()];
    for (const session of this.local.values()) session.queue.end();
    this.local.clear();
    await this.taking?.catch(() => undefined);
    if (ids.length > 0) await this.db.deleteFrom('listen_sessions').where('id', 'in', ids).execute().catch(() => undefined);
  }

  /** Every live session of every process, read again when the list is older than `cacheMs`. */
  private async sessions(): Promise<readonly KnownSession[]> {
    if (Date.now() - this.knownAt < this.cacheMs) return this.known;
    this.reading ??= this.db
      .selectFrom('listen_sessions')
      .select(['id', 'project_id', 'event_keys'])
      .where('expires_at', '>', sql<Date>`now()`)
      .execute()
      .then((rows) => {
        // This process's own sessions count even if the read began before one was written.
        const read = rows.map((r) => ({ id: r.id, projectId: r.project_id, keys: new Set(r.event_keys) }));
        const mine = [...this.local.values()].filter((s) => !rows.some((r) => r.id === s.id));
        this.known = [...read, ...mine];
        this.knownAt = Date.now();
        return this.known;
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }

  /** Takes the waiting events of this process's sessions and hands them over, in publication order; one take at a time. */
  private take(): void {
    if (this.taking) {
      this.takeAgain = true;
      return;
    }
    const ids = [...this.local.keys()];
    if (ids.length === 0) return;
    this.taking = sql<{ session_id: string; event_id: string; event_key: string; occurred_at: Date; payload: Record<string, unknown> }>`
      with taken as (delete from live_events where session_id = any(${ids}) returning session_id, seq, event_id, event_key, occurred_at, payload)
      select session_id, event_id, event_key, occurred_at, payload from taken order by seq`
      .execute(this.db)
      .then(({ rows }) => {
        for (const row of rows) {
          // The bytes a claimed delivery of this event is sent: the stored jsonb, serialised (see SqlDeliveryQueue.claimDue).
          this.local.get(row.session_id)?.queue.push({ id: row.event_id, key: row.event_key, occurredAt: row.occurred_at, body: JSON.stringify(row.payload) });
        }
      })
      .catch(() => undefined)
      .finally(() => {
        this.taking = null;
        if (this.takeAgain) {
          this.takeAgain = false;
          this.take();
        }
      });
  }

  /** Keeps this process's sessions alive, and removes those of processes that died. */
  private async renew(): Promise<void> {
    const ids = [...this.local.keys()];
    try {
      if (ids.length > 0) {
        await this.db.updateTable('listen_sessions').set({ expires_at: sql<Date>`now() + ${`${this.ttlMs} milliseconds`}::interval` }).where('id', 'in', ids).execute();
      }
      await this.db.deleteFrom('listen_sessions').where('expires_at', '<', sql<Date>`now()`).execute();
    } catch {
      // Tried again at the next beat; a session that lapses meanwhile only costs the events in between.
    }
  }

  /** A session closed by its reader: forgotten here and in the database (its waiting events go too). */
  private async forget(id: string): Promise<void> {
    this.local.delete(id);
    this.known = this.known.filter((s) => s.id !== id);
    if (this.local.size === 0) this.stopTimers();
    await this.db.deleteFrom('listen_sessions').where('id', '=', id).execute().catch(() => undefined);
  }

  private stopTimers(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }
}
