import { Command } from 'commander';
import { runWorker } from '@webhooks/composition';
import { environmentHelp } from '../exit-codes-help.js';

/** `webhooks worker`: a delivery worker of its own (DATABASE_URL required), until SIGTERM or SIGINT. */
export function workerCommand(): Command {
  return new Command('worker')
    .description('Run a delivery worker of its own against DATABASE_URL (any number of them beside the api), until SIGTERM or SIGINT.')
    .addHelpText('after', environmentHelp())
    .action(() => runWorker());
}
