import { hostname } from 'node:os';
import { pino } from 'pino';
import type { Logger } from 'pino';

/** Paths pino blanks in every log line: keys, secrets and passwords never reach a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  '*.authorization',
  '*.apiKey',
  '*.platformKey',
  '*.secret',
  '*.password',
  '*.operatorToken',
  'apiKey',
  'platformKey',
  'secret',
  'password',
  'operatorToken',
];

/** The service's JSON logger: every line names the service, the process id and the host. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'webhooks', pid: process.pid, hostname: hostname() } };
  return destination ? pino(options, destination) : pino(options);
}
