/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) this summary reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly hitCount?: number;
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Self time of one function, or of one area (a package, node internals, GC, idle). */
interface SelfTime {
  readonly name: string;
  readonly ms: number;
  /** Share of the profile's busy time (idle excluded), in percent. */
  readonly percent: number;
}

/** Where a profile spent its time: by area and by function, busiest first. */
export interface ProfileSummary {
  readonly totalMs: number;
  readonly idleMs: number;
  readonly areas: readonly SelfTime[];
  readonly functions: readonly SelfTime[];
}

/**
 * The area of a script URL: the npm package (`pg`, `kysely`, `got`), the workspace project
 * (`@webhooks/domain`), `node` for Node's own code, or the V8 pseudo-frames as they are.
 */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName.startsWith('(')) return functionName;
    return '(native)';
  }
  if (url.startsWith('node:')) return 'node';
  const path = url.replace(/^file:\/\//, '');
  const nm = path.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = path.slice(nm + '/node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '?');
    return pkg;
  }
  const ws = /\/(packages|apps|tools)\/([^/]+)\//.exec(path);
  if (ws) return `@webhooks/${ws[2]}`;
  return path.split('/').slice(-2).join('/');
}

/** A time window in the profile's clock: microseconds of CLOCK_MONOTONIC, as `process.hrtime` counts. */
export interface ProfileWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** Microseconds of CLOCK_MONOTONIC now: the clock V8's profiler stamps samples with, on Linux. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Sums self time (from samples and time deltas, else hit counts) by function and by area; with
 * a `window`, only the samples taken in it (the measured phase, not the process's start-up).
 */
export function summarizeProfile(profile: CpuProfile, top = 15, window?: ProfileWindow): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0 && deltas.length === samples.length) {
    // Each delta is the time before its sample; the time of a sample is the next delta.
    let at = profile.startTime;
    for (let i = 0; i < samples.length; i++) {
      at += deltas[i] ?? 0;
      if (window && (at < window.fromUs || at > window.toUs)) continue;
      const id = samples[i] as number;
      const us = deltas[i + 1] ?? 0;
      selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, us));
    }
  } else {
    const hits = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
    const per = hits > 0 ? (profile.endTime - profile.startTime) / hits : 0;
    for (const n of profile.nodes) selfUs.set(n.id, (n.hitCount ?? 0) * per);
  }
  const fns = new Map<string, number>();
  const areas = new Map<string, number>();
  let idleUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = url === '' ? functionName || '(anonymous)' : `${functionName || '(anonymous)'} ${area}:${lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, percent: busyUs > 0 ? Math.round((us / busyUs) * 1000) / 10 : 0 }));
  return { totalMs: Math.round(totalUs / 1000), idleMs: Math.round(idleUs / 1000), areas: list(areas), functions: list(fns) };
}
