import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStorage, type StorageHandle } from '@webhooks/storage-postgres';
import { freshDatabase } from '@webhooks/storage-postgres/testing';
import { bareLoop } from './bare-loop.js';
import { claimAndComplete } from './claim-complete.js';
import { formatTable, thousands, type Measurement } from './format.js';
import { seedQueue } from './seed-queue.js';

/**
 * Claim + complete throughput of the delivery queue with 10,000 and 1,000,000 deliveries queued,
 * on Postgres (a scratch database on TEST_DATABASE_URL's server, dropped after) and on PGlite
 * (a temp directory), beside a bare one-row-at-a-time INSERT/UPDATE loop on the same database.
 *
 *   npm run bench -w @webhooks/queue-bench [-- --sizes=10000,1000000 --databases=postgres,pglite --measure=20000]
 */
const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const sizes = arg('sizes', '10000,1000000').split(',').map(Number);
const databases = arg('databases', 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
const measure = Number(arg('measure', '20000'));
const bare = Number(arg('bare', '2000'));

/** Opens an empty database of `kind`; answers the handle and how to throw it all away. */
async function open(kind: 'postgres' | 'pglite'): Promise<{ handle: StorageHandle; dispose: () => Promise<void> }> {
  if (kind === 'postgres') {
    const database = await freshDatabase({ requireServer: true, prefix: 'webhooks_queue_bench', durable: true });
    const handle = await openStorage({ databaseUrl: database.url, poolSize: 8 });
    const dispose = async (): Promise<void> => {
      await handle.close();
      await database.drop();
    };
    return { handle, dispose };
  }
  const dir = await mkdtemp(join(tmpdir(), 'webhooks-queue-bench-'));
  const handle = await openStorage({ dataDir: dir });
  const dispose = async (): Promise<void> => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { handle, dispose };
}

const rows: Measurement[] = [];
const log = (line: string): void => void process.stderr.write(`${line}\n`);

for (const kind of databases) {
  for (const queued of sizes) {
    const { handle, dispose } = await open(kind);
    try {
      let t = performance.now();
      await seedQueue(handle.db, queued);
      log(`${kind}: ${thousands(queued)} deliveries queued in ${thousands(performance.now() - t)} ms`);
      // Warm up (JIT, caches) on a few deliveries that are not counted.
      await claimAndComplete(handle.queue, { workers: 1, batchSize: 100, deliveries: 500 });
      const runs = kind === 'postgres' ? [1, 4] : [1];
      for (const workers of runs) {
        const result = await claimAndComplete(handle.queue, { workers, batchSize: 100, deliveries: Math.min(measure, queued / 4) });
        rows.push({ database: kind, queued, how: `claim+complete, ${workers} worker${workers > 1 ? 's' : ''}, batches of 100`, ...result });
        log(formatTable(rows.slice(-1)).split('\n')[2] ?? '');
      }
      t = performance.now();
      const naive = await bareLoop(handle.db, Math.min(bare, queued / 4));
      rows.push({ database: kind, queued, how: 'bare loop: SELECT next, UPDATE, INSERT per delivery (autocommit)', ...naive });
      log(formatTable(rows.slice(-1)).split('\n')[2] ?? '');
    } finally {
      await dispose();
    }
  }
}

process.stdout.write(`${formatTable(rows)}\n`);
