import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { LogOutput } from './log-output.js';

const line = (n: number) => `${JSON.stringify({ n, msg: 'x'.repeat(90) })}\n`;

describe(LogOutput.name, () => {
  describe('when the reader keeps up', () => {
    it('should write every line and drop none', async () => {
      const written: string[] = [];
      const output = new LogOutput(new Writable({ write: (chunk: Buffer, _e, done) => (written.push(chunk.toString()), done()) }), 1024);
      for (let n = 0; n < 50; n += 1) expect(output.write(line(n))).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(written).toHaveLength(50);
      expect(output.dropped).toBe(0);
    });
  });

  describe('when the reader stops reading', () => {
    it('should keep at most the bound waiting, and drop and count the rest, without blocking', () => {
      // A stream whose writes never complete: everything handed to it waits.
      const stuck = new Writable({ write: () => undefined });
      const output = new LogOutput(stuck, 1024);
      const results = Array.from({ length: 40 }, (_, n) => output.write(line(n)));
      expect(stuck.writableLength).toBeLessThanOrEqual(1024);
      expect(results.filter(Boolean).length).toBe(Math.floor(1024 / line(0).length));
      expect(output.dropped).toBe(40 - results.filter(Boolean).length);
    });
  });

  describe('when the output breaks (EPIPE)', () => {
    it('should not throw, and drop and count every later line and those waiting', async () => {
      const broken = new Writable({ write: (_c, _e, done) => done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
      const output = new LogOutput(broken, 1024 * 1024);
      output.write(line(1));
      await new Promise((r) => setImmediate(r));
      expect(output.write(line(2))).toBe(false);
      expect(output.write(line(3))).toBe(false);
      expect(output.dropped).toBe(3);
    });
  });
});
