import { parseArgs } from 'node:util';

/** The scenarios, in the order they run. */
export const SCENARIOS = ['throughput', 'workers', 'ingest', 'interactive', 'growth', 'wakeup', 'queue'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** The databases the queue scenario runs on. */
export const QUEUE_DATABASES = ['postgres', 'pglite'] as const;
type QueueDatabase = (typeof QUEUE_DATABASES)[number];

/** Sizes of one run: every load is bounded by a count or a duration. */
interface Sizes {
  /** Deliveries queued and drained per drain run (also the bare loops' count). */
  readonly drainCount: number;
  /** Sends in flight to the one receiver: the service's WORKER_PER_HOST_CONCURRENCY, and the bare loops' concurrency. */
  readonly concurrency: number;
  readonly workerCounts: readonly number[];
  readonly steadyFractions: readonly number[];
  readonly steadyMs: number;
  /** How long a steady run waits for answers and receipts after sending: an overloaded service is cut off there. */
  readonly steadyTailMs: number;
  readonly ingestConnections: number;
  readonly ingestWarmS: number;
  readonly ingestS: number;
  readonly interactiveConcurrency: readonly number[];
  readonly interactiveS: number;
  readonly wakeTries: number;
  readonly growthSizes: readonly number[];
  /** runOnce batches the probe times at each size. */
  readonly growthBatches: number;
  /** Deliveries the real service sends at each size (its rate and RSS). */
  readonly growthWindow: number;
  /** Deliveries queued before the queue's claim + complete is measured (one run each), per database. */
  readonly queueSizes: Readonly<Record<QueueDatabase, readonly number[]>>;
  /** Deliveries claimed and completed per measurement (at most a quarter of the queue). */
  readonly queueMeasure: number;
  /** Deliveries of the bare one-row loop. */
  readonly queueBare: number;
}

const FULL: Sizes = {
  drainCount: 10_000,
  concurrency: 16,
  workerCounts: [1, 2, 4],
  steadyFractions: [0.5, 0.9],
  steadyMs: 15_000,
  steadyTailMs: 15_000,
  ingestConnections: 64,
  ingestWarmS: 2,
  ingestS: 10,
  interactiveConcurrency: [1, 64],
  interactiveS: 6,
  wakeTries: 100,
  growthSizes: [10_000, 100_000, 1_000_000],
  growthBatches: 30,
  growthWindow: 5_000,
  // 10M on Postgres only: seeding it takes minutes there (PGlite: ~100 s per million).
  queueSizes: { postgres: [10_000, 100_000, 1_000_000, 10_000_000], pglite: [10_000, 1_000_000] },
  queueMeasure: 20_000,
  queueBare: 2_000,
};

const QUICK: Sizes = {
  drainCount: 1_000,
  concurrency: 16,
  workerCounts: [1, 2, 4],
  steadyFractions: [0.5],
  steadyMs: 2_000,
  steadyTailMs: 3_000,
  ingestConnections: 64,
  ingestWarmS: 1,
  ingestS: 3,
  interactiveConcurrency: [1, 64],
  interactiveS: 2,
  wakeTries: 20,
  growthSizes: [10_000, 50_000],
  growthBatches: 8,
  growthWindow: 500,
  queueSizes: { postgres: [10_000], pglite: [10_000] },
  queueMeasure: 2_500,
  queueBare: 500,
};

/** The command line, parsed. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly only: ReadonlySet<Scenario>;
  readonly profile: boolean;
  readonly serverUrl: string;
  readonly keepDatabase: boolean;
  readonly sizes: Sizes;
}

export const USAGE = `npm run bench [-- options]

  --quick            small sizes (under two minutes)
  --only=a,b         run only these scenarios: ${SCENARIOS.join(', ')}
  --profile          run the service processes with --cpu-prof; summarise where they spent CPU
  --server=URL       the Postgres server (default: BENCH_POSTGRES_URL or postgres://postgres@127.0.0.1:5432)
  --keep-db          do not drop the bench_<random> database at the end
  --queue-sizes=N,N  the queue scenario's queue sizes (default: full 10k,100k,1M,10M on Postgres and 10k,1M on PGlite; quick 10k)
  --queue-db=a,b     the queue scenario's databases: postgres, pglite (default both)
  --help`;

/** Parses argv (without node and the script). */
export function parseOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      profile: { type: 'boolean', default: false },
      server: { type: 'string' },
      'keep-db': { type: 'boolean', default: false },
      'queue-sizes': { type: 'string' },
      'queue-db': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const only = new Set<Scenario>();
  for (const name of (values.only ?? SCENARIOS.join(',')).split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`unknown scenario "${name}" (known: ${SCENARIOS.join(', ')})`);
    only.add(name as Scenario);
  }
  const base = values.quick ? QUICK : FULL;
  const list = (text: string) => text.split(',').map((x) => x.trim()).filter(Boolean);
  const queueDbs = list(values['queue-db'] ?? QUEUE_DATABASES.join(','));
  for (const name of queueDbs) if (!(QUEUE_DATABASES as readonly string[]).includes(name)) throw new Error(`unknown queue database "${name}" (known: ${QUEUE_DATABASES.join(', ')})`);
  const forcedSizes = values['queue-sizes'] === undefined ? null : list(values['queue-sizes']).map(Number);
  if (forcedSizes?.some((n) => !Number.isInteger(n) || n < 1000)) throw new Error('--queue-sizes: whole numbers of at least 1000, comma-separated');
  const queueSizes = Object.fromEntries(QUEUE_DATABASES.map((db) => [db, queueDbs.includes(db) ? (forcedSizes ?? base.queueSizes[db]) : []])) as Record<QueueDatabase, number[]>;
  return {
    quick: values.quick ?? false,
    only,
    profile: values.profile ?? false,
    serverUrl: values.server ?? env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    keepDatabase: values['keep-db'] ?? false,
    sizes: { ...base, queueSizes },
  };
}
