import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** A Postgres URL with another database name. */
function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** What a backlog row copies: an event the service wrote. */
export interface EventTemplate {
  readonly projectId: string;
  readonly key: string;
  readonly occurredAt: Date;
  /** The payload as JSON text. */
  readonly payload: string;
}

/** A lock on the deliveries table that holds every worker's claim until released. */
export interface Hold {
  release(): Promise<void>;
}

/**
 * The bench's own database `bench_<random>` on the server: created at the start, dropped at the
 * end. The bench reads it directly (counts, the backlog insert), never the service's tables'
 * meaning beyond the schema of `packages/storage-postgres/src/migrations`.
 */
export class BenchDatabase {
  private constructor(
    readonly serverUrl: string,
    readonly name: string,
    readonly url: string,
    private readonly client: pg.Client,
  ) {}

  static async create(serverUrl: string): Promise<BenchDatabase> {
    const name = `bench_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = withDatabase(serverUrl, name);
    const client = new pg.Client({ connectionString: url, application_name: 'bench' });
    await client.connect();
    return new BenchDatabase(serverUrl, name, url, client);
  }

  /** Drops the database, closing whatever is still connected to it. */
  async drop(): Promise<void> {
    await this.client.end().catch(() => undefined);
    const admin = new pg.Client({ connectionString: withDatabase(this.serverUrl, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${this.name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }

  async query<R extends pg.QueryResultRow>(text: string, values: readonly unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(text, [...values])).rows;
  }

  async scalar(text: string, values: readonly unknown[] = []): Promise<number> {
    const [row] = await this.query<{ n: string | number }>(text, values);
    return Number(row?.n ?? Number.NaN);
  }

  /**
   * Empties the work tables (projects, webhooks and forms stay), once the service is quiet: a
   * load generator that stopped leaves requests in flight, and TRUNCATE among their transactions
   * can deadlock.
   */
  async truncateWork(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await this.quiesce();
      try {
        await this.client.query('TRUNCATE attempts, deliveries, events, activities');
        return;
      } catch (error) {
        // 40P01 deadlock, 55P03 lock timeout: someone was still at work; wait and again.
        const code = (error as { code?: string }).code;
        if (attempt >= 5 || (code !== '40P01' && code !== '55P03')) throw error;
      }
    }
  }

  /** Waits (30 s at most) until no other session of this database is running a statement or holding a transaction open. */
  async quiesce(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    let quietSince: number | null = null;
    while (performance.now() < deadline) {
      const busy = await this.scalar(
        `select count(*) as n from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and state in ('active', 'idle in transaction', 'idle in transaction (aborted)')`,
      );
      if (busy === 0) {
        quietSince ??= performance.now();
        if (performance.now() - quietSince >= 200) return;
      } else {
        quietSince = null;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  pendingCount(): Promise<number> {
    return this.scalar(`select count(*) as n from deliveries where status = 'pending'`);
  }

  async statusCounts(): Promise<Record<string, number>> {
    const rows = await this.query<{ status: string; n: string }>('select status, count(*) as n from deliveries group by status');
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Polls until no delivery is pending; resolves with the time it saw none (performance clock), or null at the deadline. */
  async waitNonePending(timeoutMs: number, everyMs = 10): Promise<number | null> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if ((await this.pendingCount()) === 0) return performance.now();
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return null;
  }

  /**
   * Holds back every claim: a transaction of its own takes EXCLUSIVE on `deliveries`, which
   * blocks the claims' row locks (plain reads still pass). Workers started meanwhile wait on
   * their first claim; `release` lets them all go at once.
   */
  async hold(): Promise<Hold> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'bench-hold' });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE deliveries IN EXCLUSIVE MODE');
    return {
      release: async () => {
        await client.query('COMMIT');
        await client.end();
      },
    };
  }

  /** Backends of this database waiting on a lock (workers blocked by a {@link hold}). */
  lockWaiters(): Promise<number> {
    return this.scalar(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
  }

  /**
   * Queues `count` more deliveries straight into the tables, as the service would have: one
   * event per delivery (the template's payload under a new event and activity id) and one
   * pending delivery to `subscriptionId`, all due now. Returns the milliseconds it took.
   */
  async insertBacklog(count: number, template: EventTemplate, subscriptionId: string, batch: number): Promise<number> {
    const started = performance.now();
    const chunk = 100_000;
    for (let from = 0; from < count; from += chunk) {
      const n = Math.min(chunk, count - from);
      await this.client.query(
        `with ins as (
           insert into events (id, project_id, activity_id, key, occurred_at, payload, suppressed)
           select 'msg_b' || $6 || '_' || g, $1, 'backlog-' || $6 || '-' || g, $2, $3,
                  jsonb_set(jsonb_set($4::jsonb, '{event_id}', to_jsonb('msg_b' || $6 || '_' || g)), '{meta_info,activity_id}', to_jsonb('backlog-' || $6 || '-' || g)),
                  null
           from generate_series($7::int, $8::int) g
           returning id
         )
         insert into deliveries (id, project_id, event_id, subscription_id, event_key, status, attempt_count, next_attempt_at, created_at, updated_at)
         select 'dlv_' || substr(ins.id, 5), $1, ins.id, $5, $2, 'pending', 0, now() - interval '1 minute', now(), now()
         from ins`,
        [template.projectId, template.key, template.occurredAt, template.payload, subscriptionId, String(batch), from + 1, from + n],
      );
    }
    await this.client.query('ANALYZE deliveries');
    await this.client.query('ANALYZE events');
    return performance.now() - started;
  }

  /** The event of activity `activityId` as a template for {@link insertBacklog}; the activity and its event and deliveries are removed. */
  async takeTemplate(activityId: string): Promise<EventTemplate> {
    const [row] = await this.query<{ id: string; project_id: string; key: string; occurred_at: Date; payload: string }>(
      'select id, project_id, key, occurred_at, payload::text as payload from events where activity_id = $1',
      [activityId],
    );
    if (!row) throw new Error(`no event for activity ${activityId}`);
    await this.client.query('delete from deliveries where event_id = $1', [row.id]);
    await this.client.query('delete from events where id = $1', [row.id]);
    await this.client.query('delete from activities where id = $1', [activityId]);
    return { projectId: row.project_id, key: row.key, occurredAt: row.occurred_at, payload: row.payload };
  }

  /** Server facts for the machine description. */
  async serverFacts(): Promise<Record<string, string>> {
    const [v] = await this.query<{ version: string }>('select version()');
    const settings = await this.query<{ name: string; setting: string; unit: string | null }>(
      `select name, setting, unit from pg_settings where name in ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'shared_preload_libraries', 'work_mem', 'wal_level')`,
    );
    const out: Record<string, string> = { version: v?.version ?? '?' };
    for (const s of settings) out[s.name] = s.unit ? `${s.setting} (${s.unit})` : s.setting;
    return out;
  }

  /** Whether pg_stat_statements is loaded on the server (it needs shared_preload_libraries, a restart). */
  async statStatementsLoaded(): Promise<boolean> {
    const libs = await this.query<{ s: string }>(`select current_setting('shared_preload_libraries') as s`);
    return (libs[0]?.s ?? '').includes('pg_stat_statements');
  }

  /** The top statements by total time, when pg_stat_statements is loaded (resets with `reset`). */
  async topStatements(limit = 10): Promise<{ query: string; calls: number; meanMs: number; totalMs: number; rows: number }[]> {
    await this.client.query('create extension if not exists pg_stat_statements');
    const rows = await this.query<{ query: string; calls: string; mean: number; total: number; rows: string }>(
      `select query, calls, mean_exec_time as mean, total_exec_time as total, rows from pg_stat_statements
       where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc limit $1`,
      [limit],
    );
    return rows.map((r) => ({ query: r.query.replace(/\s+/g, ' ').slice(0, 160), calls: Number(r.calls), meanMs: r.mean, totalMs: r.total, rows: Number(r.rows) }));
  }

  async resetStatements(): Promise<void> {
    await this.client.query('create extension if not exists pg_stat_statements');
    await this.client.query('select pg_stat_statements_reset()');
  }

  /** Table and index sizes (MB) of the queue, every partition counted. */
  async queueSizes(): Promise<Record<string, number>> {
    const rows = await this.query<{ name: string; mb: number }>(
      `select t.name, (select sum(pg_total_relation_size(p.relid)) from pg_partition_tree(t.name::regclass) p) / 1048576.0 as mb
       from unnest(array['deliveries', 'events', 'attempts']) as t(name)`,
    );
    return Object.fromEntries(rows.map((r) => [r.name, Math.round(Number(r.mb))]));
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }
}
