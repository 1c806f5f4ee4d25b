import { EXIT_CODES, envVariables } from '@webhooks/composition';

/** The exit codes, as every command's help lists them. */
export function exitCodesHelp(): string {
  const meaning: Record<keyof typeof EXIT_CODES, string> = {
    ok: 'done (or stopped by SIGTERM/SIGINT after a clean drain)',
    failure: 'failure at run time, or SHUTDOWN_TIMEOUT_MS passed before the drain ended',
    usage: 'usage or configuration error (bad flag, bad or missing environment variable)',
    unreachable: 'Postgres did not answer within DATABASE_CONNECT_TIMEOUT_MS (listen: the service did not answer)',
    refused: 'the database schema is newer than this build, or a migration failed (listen: the service refused the key or project)',
  };
  const lines = (Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]).map((name) => `  ${EXIT_CODES[name]}  ${meaning[name]}`);
  return `\nExit codes:\n${lines.join('\n')}\n`;
}

/** The environment variables of the service, as `serve --help` and `worker --help` list them. */
export function environmentHelp(): string {
  const variables = envVariables();
  const width = Math.max(...variables.map((v) => v.name.length));
  const lines = variables.map((v) => `  ${v.name.padEnd(width)}  ${v.description}${v.default === null ? '' : ` (default ${v.default})`}`);
  return `\nEnvironment variables:\n${lines.join('\n')}\n`;
}
