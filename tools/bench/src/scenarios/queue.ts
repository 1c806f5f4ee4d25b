import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import type { Bench } from '../context.js';
import { QUEUE_DATABASES } from '../options.js';
import { bareLoop } from './queue/bare-loop.js';
import { claimAndComplete } from './queue/claim-complete.js';
import { formatTable, thousands, type Measurement } from './queue/format.js';
import { seedQueue } from './queue/seed-queue.js';

const SECTION = '7 queue';

/** Opens an empty, migrated database of `kind`; answers the handle and how to throw it all away. */
async function open(kind: 'postgres' | 'pglite'): Promise<{ handle: StorageHandle; dispose: () => Promise<void> }> {
  if (kind === 'postgres') {
    const database = await freshDatabase({ requireServer: true, prefix: 'webhooks_queue_bench', durable: true });
    const handle = await openStorage({ databaseUrl: database.url, poolSize: 8 });
    return {
      handle,
      dispose: async () => {
        await handle.close();
        await database.drop();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'webhooks-queue-bench-'));
  const handle = await openStorage({ dataDir: dir });
  return {
    handle,
    dispose: async () => {
      await handle.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The flatness target: claim + complete per delivery at any size within 20 % of the smallest size's. */
const FLAT_WITHIN = 1.2;

/**
 * Section 7: claim + complete throughput of the delivery queue (the worker's database work without
 * the HTTP) with many deliveries queued, on Postgres and on the embedded PGlite, beside a bare
 * one-row-at-a-time SELECT/UPDATE/INSERT loop on the same database; and how flat the cost per
 * delivery stays as the queue grows (each size against the smallest). Needs no service process.
 */
export async function runQueue(bench: Bench): Promise<void> {
  const { sizes } = bench.options;
  const rows: Measurement[] = [];
  const seeded: { database: string; queued: number; seconds: number }[] = [];
  for (const kind of QUEUE_DATABASES) {
    for (const queued of sizes.queueSizes[kind]) {
      const { handle, dispose } = await open(kind);
      try {
        const t = performance.now();
        await seedQueue(handle.db, queued);
        const seconds = Math.round((performance.now() - t) / 100) / 10;
        seeded.push({ database: kind, queued, seconds });
        bench.log(`queue: ${kind}, ${thousands(queued)} deliveries queued in ${seconds} s`);
        // Warm up (JIT, caches) on a few deliveries that are not counted.
        await claimAndComplete(handle.queue, { workers: 1, batchSize: 100, deliveries: 500 });
        // PGlite has one session: more workers would only take turns.
        for (const workers of kind === 'postgres' ? [1, 4] : [1]) {
          const result = await claimAndComplete(handle.queue, { workers, batchSize: 100, deliveries: Math.min(sizes.queueMeasure, queued / 4) });
          rows.push({ database: kind, queued, how: `claim+complete, ${workers} worker${workers > 1 ? 's' : ''}, batches of 100`, ...result });
        }
        const naive = await bareLoop(handle.db, Math.min(sizes.queueBare, queued / 4));
        rows.push({ database: kind, queued, how: 'bare loop: SELECT next, UPDATE, INSERT per delivery (autocommit)', ...naive });
      } finally {
        await dispose();
      }
    }
  }
  for (const row of rows) {
    bench.figures.push({ section: SECTION, label: `${row.database}, ${thousands(row.queued)} queued: ${row.how}`, value: (row.done * 1000) / row.ms, unit: '/s' });
  }
  // Flatness: claim + complete per delivery (1 worker) at each size, against the smallest size.
  for (const kind of QUEUE_DATABASES) {
    const one = rows.filter((r) => r.database === kind && r.how.startsWith('claim+complete, 1 worker'));
    const base = one[0];
    for (const row of one) {
      const seconds = seeded.find((s) => s.database === kind && s.queued === row.queued)?.seconds;
      bench.figures.push({
        section: SECTION,
        label: `${kind}, ${thousands(row.queued)} queued (in ${seconds ?? '?'} s): claim + complete per delivery`,
        value: (row.ms * 1000) / Math.max(1, row.done),
        unit: 'µs',
        ...(base && row !== base
          ? { ceiling: { label: `at ${thousands(base.queued)}`, value: (base.ms * 1000) / Math.max(1, base.done) }, target: { kind: 'max' as const, value: FLAT_WITHIN, basis: 'ratio' as const } }
          : {}),
      });
    }
  }
  bench.details['queue'] = { rows, seeded, table: formatTable(rows) };
}
