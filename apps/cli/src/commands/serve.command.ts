import { Command } from 'commander';
import { runApi } from '@webhooks/composition';
import { environmentHelp } from '../exit-codes-help.js';

/** `webhooks serve`: the api with the worker inside, until SIGTERM or SIGINT. */
export function serveCommand(): Command {
  return new Command('serve')
    .description('Run the HTTP API with the delivery worker inside (WORKER=false: the API alone), until SIGTERM or SIGINT.')
    .addHelpText('after', environmentHelp())
    .action(() => runApi());
}
