import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProcess } from '@webhooks/test-kit';
import { startSource } from '@webhooks/test-kit';

const run = promisify(execFile);

/** Every network namespace made here is named `whosts-<run id>-<host>`; the run's bridge is `wh<run id>br`. */
const NETNS_PREFIX = 'whosts-';
/** One file per run, `<run id>.json`: the pid that owns it and its temp dirs, so a later run can remove what a killed run left. */
const STATE_DIR = join(tmpdir(), 'webhooks-hosts');

export interface RunState {
  readonly owner: number;
  readonly dirs: string[];
}

/** One host: a network namespace with one link (`eth0`) to the run's bridge. */
export interface Host {
  readonly name: string;
  readonly netns: string;
  readonly address: string;
  /** The bridge's end of its link (in the root namespace): down is a cut cable. */
  readonly link: string;
  /** The command that runs a process on this host (`ip netns exec <netns>`; it execs, keeping pid and group). */
  readonly via: readonly string[];
}

const ip = async (...args: string[]): Promise<string> => (await run('ip', args, { timeout: 15_000 })).stdout;
const ipSync = (...args: string[]): string => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 15_000 });

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Why this machine cannot make hosts, or null when it can (root, `ip`, network namespaces). */
export function unsupported(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (run the suite as root, as CI does)';
  try {
    ipSync('netns', 'list');
  } catch (error) {
    return `\`ip netns\` does not work here (iproute2 missing?): ${String(error)}`;
  }
  return null;
}

/**
 * A private network of hosts on this machine: a Linux bridge with an address of a /24 of
 * 10.201.0.0/16 that no interface here uses, and per host a network namespace joined to it by a
 * veth pair. The test process (root namespace) reaches every host through the bridge. Everything
 * is named after a random run id; {@link Network.remove} deletes it all and kills every process
 * left in its namespaces — also on SIGINT/SIGTERM and at exit — and {@link Network.create} first
 * removes what runs that died left behind.
 */
export class Network {
  private readonly hosts: Host[] = [];
  private removed = false;
  private reaper: TestProcess | null = null;
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.removeSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  private readonly onExit = () => this.removeSync();

  private constructor(
    readonly id: string,
    /** The first three octets, `10.201.<n>`. */
    readonly prefix: string,
  ) {}

  /** The bridge's name (in the root namespace). */
  get bridge(): string {
    return `wh${this.id}br`;
  }

  /** The subnet, `10.201.<n>.0/24`. */
  get subnet(): string {
    return `${this.prefix}.0/24`;
  }

  /** Makes the bridge; throws, saying why, where namespaces cannot be made. */
  static async create(): Promise<Network> {
    const why = unsupported();
    if (why) throw new Error(`the multi-host suite cannot run: ${why}`);
    removeAbandoned();
    const id = randomBytes(3).toString('hex');
    const net = new Network(id, await freeSubnet());
    mkdirSync(STATE_DIR, { recursive: true });
    net.saveState({ owner: process.pid, dirs: [] });
    // In a plain process these catch SIGINT, SIGTERM and the exit; under Jest, whose test code sees
    // a copy of `process`, they never fire: the reaper, a process of its own, removes the run as
    // soon as this process is gone, however it ended.
    process.once('SIGINT', net.onSignal);
    process.once('SIGTERM', net.onSignal);
    process.once('exit', net.onExit);
    net.reaper = startSource(new URL('./reaper.ts', import.meta.url).pathname, [id, String(process.pid)], { name: 'reaper' });
    await ip('link', 'add', 'name', net.bridge, 'type', 'bridge');
    await ip('addr', 'add', `${net.prefix}.1/24`, 'dev', net.bridge);
    await ip('link', 'set', net.bridge, 'up');
    return net;
  }

  /** Adds a host `name` (up to 5 characters) at `<prefix>.<octet>`. */
  async addHost(name: string, octet: number): Promise<Host> {
    if (!/^[a-z0-9]{1,5}$/.test(name)) throw new Error(`host name ${name}: 1 to 5 lowercase letters or digits`);
    const host: Host = {
      name,
      netns: `${NETNS_PREFIX}${this.id}-${name}`,
      address: `${this.prefix}.${octet}`,
      link: `wh${this.id}${name}`,
      via: ['ip', 'netns', 'exec', `${NETNS_PREFIX}${this.id}-${name}`],
    };
    this.hosts.push(host);
    await ip('netns', 'add', host.netns);
    await ip('link', 'add', host.link, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', host.netns);
    await ip('link', 'set', host.link, 'master', this.bridge, 'up');
    await ip('-n', host.netns, 'addr', 'add', `${host.address}/24`, 'dev', 'eth0');
    await ip('-n', host.netns, 'link', 'set', 'eth0', 'up');
    await ip('-n', host.netns, 'link', 'set', 'lo', 'up');
    return host;
  }

  /** Cuts the host's cable: its link to the bridge goes down; packets either way are lost (no reset). */
  async cut(host: Host): Promise<void> {
    await ip('link', 'set', host.link, 'down');
  }

  /** Plugs the cable back in. */
  async heal(host: Host): Promise<void> {
    await ip('link', 'set', host.link, 'up');
  }

  /** The pids of every process running in the host's namespace. */
  pids(host: Host): number[] {
    return pidsIn(host.netns);
  }

  /** Remembers a temp dir to delete with the network (also by a later run, if this one is killed). */
  track(dir: string): void {
    const state = this.readState();
    this.saveState({ ...state, dirs: [...state.dirs, dir] });
  }

  /** Kills every process left in the hosts, deletes the namespaces, the bridge and the tracked dirs. */
  async remove(): Promise<void> {
    this.removeSync();
  }

  private removeSync(): void {
    if (this.removed) return;
    this.removed = true;
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
    process.off('exit', this.onExit);
    removeRun(this.id, this.readState().dirs);
    try {
      if (this.reaper) process.kill(-this.reaper.pid, 'SIGKILL');
    } catch {
      // It saw the state file go and ended already.
    }
  }

  private readState(): RunState {
    return readState(this.id) ?? { owner: process.pid, dirs: [] };
  }

  private saveState(state: RunState): void {
    writeFileSync(join(STATE_DIR, `${this.id}.json`), JSON.stringify(state));
  }
}

function pidsIn(netns: string): number[] {
  try {
    return ipSync('netns', 'pids', netns).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The state of run `id`, or null once it is removed. */
export function readState(id: string): RunState | null {
  try {
    return JSON.parse(readFileSync(join(STATE_DIR, `${id}.json`), 'utf8')) as RunState;
  } catch {
    return null;
  }
}

/** Deletes everything of run `id`: processes in its namespaces (SIGKILL), the namespaces, the bridge, its dirs, its state file. */
export function removeRun(id: string, dirs: readonly string[]): void {
  const namespaces = ipSync('netns', 'list')
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name.startsWith(`${NETNS_PREFIX}${id}-`));
  for (const netns of namespaces) {
    for (const pid of pidsIn(netns)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
  for (const netns of namespaces) {
    try {
      ipSync('netns', 'del', netns);
    } catch {
      // Deleted meanwhile.
    }
  }
  try {
    ipSync('link', 'del', `wh${id}br`);
  } catch {
    // No bridge (never made, or deleted).
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  rmSync(join(STATE_DIR, `${id}.json`), { force: true });
}

/** Removes what runs whose owner process is gone left behind. */
function removeAbandoned(): void {
  if (!existsSync(STATE_DIR)) return;
  for (const file of readdirSync(STATE_DIR).filter((f) => f.endsWith('.json'))) {
    let state: RunState;
    try {
      state = JSON.parse(readFileSync(join(STATE_DIR, file), 'utf8')) as RunState;
    } catch {
      continue;
    }
    if (!alive(state.owner)) removeRun(file.slice(0, -'.json'.length), state.dirs);
  }
}

/** `10.201.<n>` for an n whose /24 no address or route of this machine touches. */
async function freeSubnet(): Promise<string> {
  const used = `${await ip('-4', 'addr')}\n${await ip('-4', 'route')}`;
  const candidates = Array.from({ length: 254 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  const n = candidates.find((c) => !used.includes(`10.201.${c}.`));
  if (n === undefined) throw new Error('no free /24 left in 10.201.0.0/16');
  return `10.201.${n}`;
}
