import { readFileSync } from 'node:fs';
import type { ApiProcess, ProjectFixture, TestProcess, WebhookFixture } from '@webhooks/test-kit';
import { ApiClient, createProject, createWebhook, startApiProcess, startWorkerProcess, until } from '@webhooks/test-kit';
import type { Host } from './network.js';
import { Network } from './network.js';
import type { PostgresHost } from './postgres-host.js';
import { startPostgres } from './postgres-host.js';
import { ReceiverHost } from './receiver-host.js';

const OPERATOR_TOKEN = 'operator-token-of-the-hosts-suite';
const DATABASE = 'webhooks';

/** A worker host and the worker process on it. */
export interface WorkerHost {
  readonly host: Host;
  readonly process: TestProcess;
  /** Its `workerId` is `<hostname>:<pid>:<random>`: rows it leases have `locked_by` like this. */
  readonly lockedByPattern: string;
}

/** Options of {@link Cluster.start}. */
export interface ClusterOptions {
  /** Worker hosts to make (workers are started on them with {@link Cluster.startWorker}). */
  readonly workerHosts: number;
  /** Environment of every worker over the test defaults (lease, concurrency, …). */
  readonly workerEnv?: Readonly<Record<string, string>>;
  /** The receiver answers 200 after this many ms. */
  readonly receiverLateMs?: number;
}

/**
 * The service spread over hosts of a private network: Postgres (`pg`, .2), the api (`api`, .3,
 * `WORKER=false`), a receiver (`rcv`, .4) and worker hosts (`w1`…, .11…). The test process, in the
 * root namespace, reaches each through the bridge (.1) as the platform, the operator and the API admin do.
 */
export class Cluster {
  readonly workers: WorkerHost[] = [];

  private constructor(
    readonly net: Network,
    readonly postgres: PostgresHost,
    readonly apiHost: Host,
    readonly api: ApiProcess,
    readonly receiver: ReceiverHost,
    readonly workerHosts: readonly Host[],
    private readonly workerEnv: Readonly<Record<string, string>>,
  ) {}

  static async start(options: ClusterOptions): Promise<Cluster> {
    const net = await Network.create();
    try {
      const pgHost = await net.addHost('pg', 2);
      const apiHost = await net.addHost('api', 3);
      const rcvHost = await net.addHost('rcv', 4);
      const workerHosts: Host[] = [];
      for (let i = 1; i <= options.workerHosts; i += 1) workerHosts.push(await net.addHost(`w${i}`, 10 + i));
      const postgres = await startPostgres(net, pgHost);
      await postgres.createDatabase(DATABASE);
      const [api, receiver] = await Promise.all([
        startApiProcess({
          via: apiHost.via,
          host: apiHost.address,
          port: 8080,
          readyWithinMs: 120_000,
          env: { DATABASE_URL: postgres.url(DATABASE), OPERATOR_TOKEN, WORKER: 'false', LOG_LEVEL: 'warn' },
        }),
        ReceiverHost.start(rcvHost, options.receiverLateMs ?? 0),
      ]);
      return new Cluster(net, postgres, apiHost, api, receiver, workerHosts, options.workerEnv ?? {});
    } catch (error) {
      await net.remove();
      throw error;
    }
  }

  /** The operator's client of the api host. */
  get operator(): ApiClient {
    return new ApiClient(this.api.url, OPERATOR_TOKEN);
  }

  /** Starts a worker on worker host `index` (0-based) and waits until its `/ready` answers 200. */
  async startWorker(index: number): Promise<WorkerHost> {
    const host = this.workerHosts[index];
    if (!host) throw new Error(`no worker host ${index}`);
    const proc = startWorkerProcess({
      via: host.via,
      name: `worker ${host.name}`,
      env: { DATABASE_URL: this.postgres.url(DATABASE), HOST: host.address, WORKER_METRICS_PORT: '9090', ...this.workerEnv },
    });
    const worker: WorkerHost = { host, process: proc, lockedByPattern: `%:${proc.pid}:%` };
    this.workers.push(worker);
    await until(
      async () => {
        if (!proc.alive) throw new Error(`${proc.name} exited (${proc.exitCode}):\n${proc.tail()}`);
        return fetch(`http://${host.address}:9090/ready`).then(
          (res) => res.status === 200,
          () => false,
        );
      },
      `${proc.name} ready`,
      120_000,
      200,
    );
    return worker;
  }

  /** Stops a worker (SIGTERM, drain), its group killed after `graceMs`. */
  async stopWorker(worker: WorkerHost, graceMs = 10_000): Promise<void> {
    await worker.process.stop(graceMs);
    this.workers.splice(this.workers.indexOf(worker), 1);
  }

  /** A project with `hooks` webhooks on `user_registered`, each on a path of its own of the receiver, their secrets registered there. */
  async project(hooks: number): Promise<{ project: ProjectFixture; webhooks: WebhookFixture[] }> {
    const project = await createProject(this.operator);
    const webhooks: WebhookFixture[] = [];
    for (let i = 1; i <= hooks; i += 1) {
      const hook = await createWebhook(project, 'user_registered', this.receiver.url(`/hooks/${project.id}/${i}`), { timeoutMs: 3_000 });
      await this.receiver.secret(`/hooks/${project.id}/${i}`, hook.secret);
      webhooks.push(hook);
    }
    return { project, webhooks };
  }

  /** Answers `sql` on the service's database. */
  query<T extends object>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.postgres.query<T>(DATABASE, sql, params);
  }

  /** Stops every process (workers, api, receiver, Postgres: SIGTERM, then their groups killed) and removes the network. */
  async stop(): Promise<void> {
    try {
      await Promise.all([...this.workers.map((w) => w.process.stop(5_000)), this.api.process.stop(5_000), this.receiver.process.stop(5_000)]);
      await this.postgres.close();
      await this.postgres.process.stop(10_000);
    } finally {
      await this.net.remove();
    }
  }
}

/** CPU seconds (user + system) a process used so far, read from /proc; for the postmaster, `withChildren` adds its waited-for children. */
export function cpuSeconds(pid: number, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 here, counted after the name.
    const ticks = Number(fields[11]) + Number(fields[12]) + (withChildren ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds used so far by every process of a host (the postmaster's waited-for children included). */
export function hostCpuSeconds(net: Network, host: Host, postmaster?: number): number {
  return net.pids(host).reduce((sum, pid) => sum + cpuSeconds(pid, pid === postmaster), 0);
}
