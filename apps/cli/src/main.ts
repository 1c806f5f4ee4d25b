import { runCli } from './program.js';

/** `webhooks <command>`: see `webhooks --help`. */
await runCli(process.argv.slice(2));
