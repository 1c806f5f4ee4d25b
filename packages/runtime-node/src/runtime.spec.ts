import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { Container } from 'inversify';
import type { Clock, IdGenerator, Random } from '@webhooks/domain';
import { TOKENS } from '@webhooks/domain';
import { CryptoRandom, PrefixedIds, SystemClock, runtimeContainerModule } from './index.js';

describe('PrefixedIds', () => {
  describe('when ids are made across many milliseconds', () => {
    it('should take fresh random bytes for each millisecond from a pool fetched rarely', () => {
      let t = 1_700_000_000_000;
      const fetched: number[] = [];
      const ids = new PrefixedIds(
        () => (t += 1),
        (size) => {
          fetched.push(size);
          return randomBytes(size);
        },
      );
      const made = Array.from({ length: 250 }, () => ids.next('msg'));
      expect(fetched).toEqual([1_000, 1_000, 1_000]);
      expect(new Set(made.map((id) => id.slice(14))).size).toBe(250);
      expect([...made].sort()).toEqual(made);
    });
  });

  describe('when the random part is incremented past its low 40 bits', () => {
    it('should carry into the high bits and stay sorted, in ULID form', () => {
      const ids = new PrefixedIds(
        () => 1_700_000_000_000,
        (size) => Buffer.concat([Buffer.from([0, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff, 0xfe]), Buffer.alloc(size - 10)]),
      );
      const made = Array.from({ length: 3 }, () => ids.next('att'));
      expect([...made].sort()).toEqual(made);
      for (const id of made) expect(id).toMatch(/^att_[0-9A-HJKMNP-TV-Z]{26}$/);
      // The time part is the millisecond, in base 32.
      expect(made[0]?.slice(4, 14)).toBe('01HF7YAT00');
      // high = 2 >> 1 = 1 ('00000001'), low = 2^40 - 2 ('ZZZZZZZY'), then 'ZZZZZZZZ', then a carry: high 2, low 0.
      expect(made.map((id) => id.slice(14))).toEqual(['00000001ZZZZZZZY', '00000001ZZZZZZZZ', '0000000200000000']);
    });
  });

  describe('when many ids are made in the same millisecond', () => {
    it('should make them unique and sorted in creation order', () => {
      const ids = new PrefixedIds(() => 1_700_000_000_000);
      const made = Array.from({ length: 1000 }, () => ids.next('msg'));
      expect(new Set(made).size).toBe(1000);
      expect([...made].sort()).toEqual(made);
      expect(made[0]).toMatch(/^msg_[0-9A-HJKMNP-TV-Z]{26}$/);
    });
  });

  describe('when time moves on', () => {
    it('should sort later ids after earlier ones', () => {
      let t = 1_700_000_000_000;
      const ids = new PrefixedIds(() => t);
      const first = ids.next('dlv');
      t += 1;
      expect(ids.next('dlv') > first).toBe(true);
    });
  });
});

describe('CryptoRandom', () => {
  it('should give floats in [0, 1) and the bytes asked for', () => {
    const random = new CryptoRandom();
    for (let i = 0; i < 1000; i += 1) {
      const x = random.float();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(random.bytes(32)).toHaveLength(32);
  });
});

describe('runtimeContainerModule', () => {
  it('should bind the clock, ids and randomness', async () => {
    const container = new Container();
    container.load(runtimeContainerModule());
    expect(container.get<Clock>(TOKENS.Clock)).toBeInstanceOf(SystemClock);
    expect(container.get<IdGenerator>(TOKENS.IdGenerator).next('wh')).toMatch(/^wh_/);
    expect(container.get<Random>(TOKENS.Random).bytes(4)).toHaveLength(4);
  });
});
