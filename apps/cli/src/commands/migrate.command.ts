import { Command } from 'commander';
import { migrationStatus } from '@webhooks/storage-postgres';
import type { MigrationStatus } from '@webhooks/storage-postgres';
import { EXIT_CODES, LogOutput, createLogger, describeFailure, exitCodeOf, openServiceStorage, readConfig } from '@webhooks/composition';
import { exitCodesHelp } from '../exit-codes-help.js';

/** `webhooks migrate up|status`. */
export function migrateCommand(): Command {
  const migrate = new Command('migrate').description('Apply the database migrations of this build, or list where the database stands.');
  migrate
    .command('up')
    .description('Apply every pending migration to DATABASE_URL (or the embedded database in DATA_DIR), then exit.')
    .addHelpText('after', exitCodesHelp())
    .action(() =>
      withStorage(true, async (status) => {
        process.stdout.write(formatStatus(status));
        return EXIT_CODES.ok;
      }),
    );
  migrate
    .command('status')
    .description('List the migrations applied, pending, and applied by a newer build (exit code 4 if any).')
    .addHelpText('after', exitCodesHelp())
    .action(() =>
      withStorage(false, async (status) => {
        process.stdout.write(formatStatus(status));
        return status.unknown.length > 0 ? EXIT_CODES.refused : EXIT_CODES.ok;
      }),
    );
  return migrate;
}

/** Opens the configured database (migrating it or not), runs `work` on its migration status, closes it, sets the exit code. */
async function withStorage(migrate: boolean, work: (status: MigrationStatus) => Promise<number>): Promise<void> {
  try {
    const config = readConfig(process.env);
    const logger = createLogger(config.logLevel, new LogOutput(process.stderr, config.logBufferBytes));
    const storage = await openServiceStorage(config, logger, { migrate, checkSchema: migrate });
    try {
      process.exitCode = await work(await migrationStatus(storage.db));
    } finally {
      await storage.close();
    }
  } catch (error) {
    process.stderr.write(`${describeFailure(error)}\n`);
    process.exitCode = exitCodeOf(error);
  }
}

/** One line per migration: applied (with its time), pending, or newer (unknown to this build). */
function formatStatus(status: MigrationStatus): string {
  const lines = [
    ...status.applied.map((m) => `applied  ${m.name}  ${m.appliedAt.toISOString()}`),
    ...status.unknown.map((m) => `newer    ${m.name}  ${m.appliedAt.toISOString()}  (applied by a newer build; this one does not know it)`),
    ...status.pending.map((name) => `pending  ${name}`),
  ];
  lines.push(`${status.applied.length} applied, ${status.pending.length} pending${status.unknown.length > 0 ? `, ${status.unknown.length} newer than this build` : ''}`);
  return `${lines.join('\n')}\n`;
}
