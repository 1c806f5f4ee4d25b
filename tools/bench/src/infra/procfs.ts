import { readFileSync, readdirSync } from 'node:fs';

/** Linux's USER_HZ: /proc CPU times count in these ticks per second (100 on every mainstream kernel). */
const TICKS_PER_SECOND = 100;

/** Resident memory of a process, now and at its peak (VmRSS, VmHWM), in MB; NaN when it is gone. */
export function readProcStatus(pid: number): { rssMB: number; peakRssMB: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN);
    return { rssMB: kb('VmRSS') / 1024, peakRssMB: kb('VmHWM') / 1024 };
  } catch {
    return { rssMB: Number.NaN, peakRssMB: Number.NaN };
  }
}

/** User + system CPU time of a process so far, in seconds; 0 when it is gone. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU time of this process's children that have exited and been waited for (cutime + cstime), in seconds. */
function reapedChildrenSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Processes whose command name is `name` (for example every `postgres` process of the server). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Busy CPU time of the whole machine so far (all cores, idle and iowait excluded), in seconds. */
function machineBusySeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, ...ticks] = line.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Groups of processes to meter, by label; a function is re-read at each snapshot (postgres backends come and go). */
export type ProcessGroups = Readonly<Record<string, readonly number[] | (() => readonly number[])>>;

/**
 * CPU used per group of processes between `start` and `stop`, in percent of one core
 * (the machine has two: 200 % is all of it).
 */
export class CpuMeter {
  private readonly begin = new Map<string, Map<number, number>>();
  private startedAt = 0;
  private machineAt = 0;
  private reapedAt = 0;

  constructor(private readonly groups: ProcessGroups) {}

  private pidsOf(label: string): readonly number[] {
    const g = this.groups[label];
    return typeof g === 'function' ? g() : (g ?? []);
  }

  start(): this {
    this.startedAt = performance.now();
    this.machineAt = machineBusySeconds();
    this.reapedAt = reapedChildrenSeconds();
    for (const label of Object.keys(this.groups)) {
      this.begin.set(label, new Map(this.pidsOf(label).map((pid) => [pid, cpuSeconds(pid)])));
    }
    return this;
  }

  /**
   * Percent of one core per group; a process born during the interval counts from zero. Two more
   * entries: `machine` (every process, 200 = both cores busy) and `others` (what no group used:
   * other work on the machine disturbing the figures).
   */
  stop(): Record<string, number> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    const machine = machineBusySeconds() - this.machineAt;
    const out: Record<string, number> = {};
    let ours = 0;
    for (const label of Object.keys(this.groups)) {
      const before = this.begin.get(label) ?? new Map<number, number>();
      let used = 0;
      for (const pid of new Set([...before.keys(), ...this.pidsOf(label)])) {
        const now = cpuSeconds(pid);
        // A process that exited reads 0: its time is lost, not negative.
        if (now > 0) used += now - (before.get(pid) ?? 0);
      }
      out[label] = seconds > 0 ? Math.round((used / seconds) * 1000) / 10 : 0;
      ours += used;
    }
    // A child of the bench that exited meanwhile (a client loop) reads 0 above; its time shows here.
    const reaped = reapedChildrenSeconds() - this.reapedAt;
    if (reaped > 0 && seconds > 0) {
      out['exited children'] = Math.round((reaped / seconds) * 1000) / 10;
      ours += reaped;
    }
    if (seconds > 0 && Number.isFinite(machine)) {
      out['machine'] = Math.round((machine / seconds) * 1000) / 10;
      out['others'] = Math.max(0, Math.round(((machine - ours) / seconds) * 1000) / 10);
    }
    return out;
  }
}
