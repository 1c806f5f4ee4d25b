import { hostname } from 'node:os';
import { pino } from 'pino';
import type { Logger } from 'pino';
import type { LogOutput } from './log-output.js';

/** Paths pino blanks in every log line: keys, secrets and passwords never reach a log. */
const REDACTED_PATHS = [
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

/**
 * The service's JSON logger, writing to `output` — a {@link LogOutput}, so a slow or broken
 * reader of the logs costs dropped lines, never a blocked event loop or a hung shutdown (pino's
 * own default destination retries a full pipe forever when the process exits). Every line names
 * the service, the process id and the host.
 */
export function createLogger(level: string, output: LogOutput): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'webhooks', pid: process.pid, hostname: hostname() } }, output);
}
