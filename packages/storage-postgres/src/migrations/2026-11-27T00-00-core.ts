/* eslint-disable @typescript-eslint/no-explicit-any -- migrations are frozen in time: typed against any schema, never the app's. */
import { sql, type Kysely } from 'kysely';

/** The core schema: tenants, configuration, completion state, idempotency, events and the delivery queue. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('system', 'text', (c) => c.notNull().check(sql`system in ('individual', 'family')`))
    .addColumn('platform_key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('admins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('api_admin', 'boolean', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('api_key_hash', 'text', (c) => c.unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admins_project_idx').on('admins').column('project_id').execute();

  await db.schema
    .createTable('forms')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().check(sql`audience in ('user', 'parent', 'child')`))
    .addColumn('mandatory', 'boolean', (c) => c.notNull())
    .addPrimaryKeyConstraint('forms_pkey', ['project_id', 'id'])
    .execute();

  await db.schema
    .createTable('triggers')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('on_type', 'text', (c) => c.notNull())
    .addColumn('on_form_id', 'text')
    .addColumn('on_when', 'jsonb')
    .addColumn('add_forms', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('triggers_pkey', ['project_id', 'id'])
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('enabled', 'boolean', (c) => c.notNull())
    .addColumn('disabled_reason', 'text')
    .addColumn('timeout_ms', 'integer', (c) => c.notNull())
    .addColumn('failure_policy', 'text', (c) => c.notNull().check(sql`failure_policy in ('open', 'closed')`))
    .addColumn('secrets', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    // One URL serves one event within a project.
    .addUniqueConstraint('subscriptions_project_url_key', ['project_id', 'url'])
    .execute();
  await db.schema.createIndex('subscriptions_project_order_idx').on('subscriptions').columns(['project_id', 'created_at', 'id']).execute();
  await db.schema.createIndex('subscriptions_project_event_idx').on('subscriptions').columns(['project_id', 'event_key']).execute();

  await db.schema
    .createTable('user_states')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('applicant', 'parent', 'child')`))
    .addColumn('parent_id', 'text')
    .addColumn('registered', 'boolean', (c) => c.notNull())
    .addColumn('complete', 'boolean', (c) => c.notNull())
    .addColumn('assignments', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_states_pkey', ['project_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('user_states_parent_idx')
    .on('user_states')
    .columns(['project_id', 'parent_id'])
    .where(sql.ref('parent_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('activities')
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('activities_pkey', ['project_id', 'id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('suppressed', 'text')
    .execute();
  await db.schema.createIndex('events_project_idx').on('events').column('project_id').execute();

  // No foreign key to subscriptions: a deleted webhook's deliveries stay in the log.
  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull().references('events.id').onDelete('cascade'))
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded', 'failed', 'suppressed')`))
    .addColumn('attempt_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz')
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'timestamptz')
    .addColumn('suppressed_reason', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('deliveries_pending_due_check', sql`status <> 'pending' or next_attempt_at is not null`)
    .execute();
  // The queue: the claim walks this partial index in due order and stops after `limit` rows.
  await db.schema
    .createIndex('deliveries_pending_idx')
    .on('deliveries')
    .column('next_attempt_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  // Live and lapsed leases (few rows): when a leased delivery becomes claimable again.
  await db.schema
    .createIndex('deliveries_leased_idx')
    .on('deliveries')
    .column('locked_until')
    .where(sql.ref('locked_until'), 'is not', null)
    .execute();
  // Retention walks succeeded deliveries by age.
  await db.schema
    .createIndex('deliveries_succeeded_idx')
    .on('deliveries')
    .column('updated_at')
    .where(sql.ref('status'), '=', 'succeeded')
    .execute();
  // The log, newest first, per project and per subscription.
  await db.schema.createIndex('deliveries_project_log_idx').on('deliveries').columns(['project_id', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('deliveries_subscription_log_idx').on('deliveries').columns(['subscription_id', 'created_at desc', 'id desc']).execute();
  await db.schema.createIndex('deliveries_event_idx').on('deliveries').column('event_id').execute();

  await db.schema
    .createTable('attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('project_id', 'text', (c) => c.notNull())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('error_class', 'text')
    .addColumn('error_message', 'text')
    .addColumn('succeeded', 'boolean', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('attempts_delivery_idx').on('attempts').columns(['delivery_id', 'attempted_at']).execute();
}

/** Drops the core schema. */
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['attempts', 'deliveries', 'events', 'activities', 'user_states', 'subscriptions', 'triggers', 'forms', 'admins', 'projects']) {
    await db.schema.dropTable(table).execute();
  }
}
