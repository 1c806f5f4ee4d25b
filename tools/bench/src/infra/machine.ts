import { cpus, release, totalmem, type as osType } from 'node:os';
import type { BenchDatabase } from './database.js';

/** What the figures were measured on. */
export interface MachineDescription {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGB: number;
  readonly os: string;
  readonly node: string;
  readonly postgres: Record<string, string>;
}

export async function describeMachine(db: BenchDatabase): Promise<MachineDescription> {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? '?',
    cores: list.length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    postgres: await db.serverFacts(),
  };
}
