import { GroupCommit } from './group-commit.js';

/**
 * Reads shared by concurrent requests, per key, without caching: a read of a key that arrives
 * while a read of that key runs waits for the next one, which answers everyone waiting. Every
 * read starts after the requests it answers arrived, so none is answered from data older than
 * its own arrival; keys are read apart, so a slow read of one never holds another.
 */
export class SharedReads<V> {
  private readonly rounds = new Map<string, GroupCommit<string, V>>();

  /** The value of `key`, read by `load` — or by the next read of `key` already asked for. */
  async read(key: string, load: () => Promise<V>): Promise<V> {
    let rounds = this.rounds.get(key);
    if (!rounds) {
      rounds = new GroupCommit<string, V>(
        async (keys) => {
          const value = await load();
          return keys.map(() => ({ ok: true as const, value }));
        },
        { maxBatch: Number.MAX_SAFE_INTEGER, maxInFlight: 1 },
        () => {
          if (this.rounds.get(key) === group) this.rounds.delete(key);
        },
      );
      const group = rounds;
      this.rounds.set(key, group);
    }
    return rounds.submit(key);
  }

  /** Keys with a read running or waiting (for tests and metrics). */
  get active(): number {
    return this.rounds.size;
  }
}
