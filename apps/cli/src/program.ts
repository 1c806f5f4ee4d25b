import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT_CODES } from '@webhooks/composition';
import { listenCommand } from './commands/listen.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { serveCommand } from './commands/serve.command.js';
import { workerCommand } from './commands/worker.command.js';
import { exitCodesHelp } from './exit-codes-help.js';

/** This package's version (`webhooks --version`). */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

/** The `webhooks` program: its commands, each with `--help`; usage errors throw instead of exiting. */
export function buildProgram(): Command {
  const program = new Command('webhooks')
    .description('Webhook service for a registration platform.')
    .version(version())
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', exitCodesHelp());
  // Added after exitOverride, so that they inherit it.
  for (const command of [serveCommand(), workerCommand(), migrateCommand(), listenCommand()]) program.addCommand(command);
  for (const command of program.commands) inheritExitOverride(command);
  return program;
}

/** `addCommand` does not pass settings down: every command (and sub-command) throws instead of exiting. */
function inheritExitOverride(command: Command): void {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  for (const sub of command.commands) inheritExitOverride(sub);
}

/**
 * Runs `webhooks` with `args`. `--help` and `--version` exit with 0; a usage error (unknown
 * command or option, missing argument) with 2; each command sets its own code otherwise.
 */
export async function runCli(args: readonly string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    const informational = error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help';
    process.exitCode = informational || error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
}
