import { monotonicUs } from './report/cpu-profile.js';
import type { BenchProject } from './infra/api-client.js';
import type { BenchDatabase } from './infra/database.js';
import type { ReceiverHandle } from './infra/receiver-handle.js';
import type { ApiProcess, ServiceSettings } from './infra/service.js';
import type { BenchOptions } from './options.js';
import type { Panel } from './report/svg.js';
import type { Figure } from './report/table.js';

/** Everything a scenario works with, and where it puts what it measured. */
export interface Bench {
  readonly options: BenchOptions;
  readonly settings: ServiceSettings;
  readonly db: BenchDatabase;
  readonly receiver: ReceiverHandle;
  readonly project: BenchProject;
  /** The api process without a worker (WORKER=false), shared by the scenarios that need no worker inside. */
  api: ApiProcess | null;
  /** Progress on stderr, with the time since the start. */
  log(message: string): void;
  readonly figures: Figure[];
  readonly panels: Panel[];
  /** Raw measurements by scenario, written to the JSON. */
  readonly details: Record<string, unknown>;
  /** Figures other scenarios read (the drain rate sets the steady load's rate). */
  readonly shared: { drainRate?: number; gotRate?: number; ingestRate?: number };
  /** CPU other processes used during each measured phase (% of one core): how disturbed each figure is. */
  readonly noise: Record<string, number>;
  /** Measured phases, per service process: with --profile, each is summarised from the samples taken in it. */
  readonly windows: ProfiledWindow[];
}

/** A measured phase of one process, in the CPU profiler's clock. */
export interface ProfiledWindow {
  readonly label: string;
  readonly process: string;
  readonly fromUs: number;
  readonly toUs: number;
}

/** Marks the start of a measured phase of `processes`; call the result at its end. */
export function profileWindow(bench: Bench, label: string, processes: readonly ({ readonly name: string } | null | undefined)[]): () => void {
  const fromUs = monotonicUs();
  return () => {
    const toUs = monotonicUs();
    for (const p of processes) if (p) bench.windows.push({ label, process: p.name, fromUs, toUs });
  };
}

/** The api without a worker, started on first use. */
export function apiUrl(bench: Bench): string {
  if (!bench.api) throw new Error('the api is not running');
  return bench.api.url;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Records how much CPU other work took during a measured phase (the `others` of a {@link CpuMeter}). */
export function noteNoise(bench: Bench, label: string, cpu: Readonly<Record<string, number>>): void {
  const others = cpu['others'];
  if (others !== undefined) bench.noise[label] = others;
}
