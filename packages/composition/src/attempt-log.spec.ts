import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { attemptLog, eventPatternOf } from './attempt-log.js';
import { createLogger } from './logger.js';
import { LogOutput } from './log-output.js';

/** A logger at `level` writing into `lines`. */
function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger(level, new LogOutput(sink)), lines };
}

describe('createLogger', () => {
  it('should write the process id and the host in every line', () => {
    const { logger, lines } = capture();
    logger.info('one');
    logger.child({ requestId: 'r1' }).warn({ extra: 1 }, 'two');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatchObject({ service: 'webhooks', pid: process.pid, hostname: hostname() });
  });
});

describe('attemptLog', () => {
  it('should write one info line per attempt naming delivery, webhook, event, attempt, outcome, status, duration and error class', () => {
    const { logger, lines } = capture();
    attemptLog(logger, null).attempted({
      source: 'worker',
      deliveryId: 'dlv_1',
      webhookId: 'wh_1',
      projectId: 'prj_1',
      eventKey: 'login_success',
      attempt: 3,
      outcome: 'retry',
      statusCode: 503,
      durationMs: 42,
      errorClass: 'http_status',
      eventCreatedAt: new Date('2026-01-01T00:00:00Z'),
      finishedAt: new Date('2026-01-01T00:10:00Z'),
      retryInMs: 300_000,
    });
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(Number),
        service: 'webhooks',
        pid: process.pid,
        hostname: hostname(),
        msg: 'delivery attempt',
        source: 'worker',
        deliveryId: 'dlv_1',
        webhookId: 'wh_1',
        projectId: 'prj_1',
        event: 'login_success',
        attempt: 3,
        outcome: 'retry',
        status: 503,
        durationMs: 42,
        errorClass: 'http_status',
        retryInMs: 300_000,
      },
    ]);
  });
});

describe('eventPatternOf', () => {
  it.each([
    ['form_submit_42', 'form_submit_{form}'],
    ['form_preprocess_7', 'form_preprocess_{form}'],
    ['form_preprocess', 'form_preprocess'],
    ['user_registered', 'user_registered'],
    ['no_such_event', 'unknown'],
  ])('should label %s as %s, so a form id never becomes a label value', (key, pattern) => {
    expect(eventPatternOf(key)).toBe(pattern);
  });
});
