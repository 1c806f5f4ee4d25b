import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACT_PATHS } from './log-redaction.js';

describe('REDACT_PATHS', () => {
  describe('when a logger given them logs credentials', () => {
    it('should write none of them', () => {
      let out = '';
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString('utf8');
          done();
        },
      });
      const logger = pino({ redact: [...REDACT_PATHS] }, stream);
      logger.info({
        req: { headers: { authorization: 'Bearer pk_one' } },
        headers: { authorization: 'Bearer pk_two' },
        apiKey: 'ak_three',
        project: { platformKey: 'pk_four' },
        webhook: { secrets: { secret: 'whsec_five' } },
        body: { user: { profile: { password: 'six' } } },
      });
      for (const secret of ['pk_one', 'pk_two', 'ak_three', 'pk_four', 'whsec_five', 'six']) expect(out).not.toContain(secret);
      expect(out).toContain('[Redacted]');
    });
  });

  describe('when they are given to a child once and each request logs through a child of it', () => {
    it('should still redact (the request scope compiles them once, not per request)', () => {
      let out = '';
      const stream = new Writable({
        write(chunk: Buffer, _encoding, done) {
          out += chunk.toString('utf8');
          done();
        },
      });
      const perRequest = pino(stream).child({}, { redact: [...REDACT_PATHS] }).child({ requestId: 'r1' });
      perRequest.info({ headers: { authorization: 'Bearer pk_one' }, webhook: { secrets: { secret: 'whsec_two' } } });
      expect(out).not.toContain('pk_one');
      expect(out).not.toContain('whsec_two');
      expect(out).toContain('"requestId":"r1"');
    });
  });
});
