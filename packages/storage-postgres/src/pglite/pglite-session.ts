import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite } from '@electric-sql/pglite';
import { Mutex } from './mutex.js';

/** Marks work running inside one of the session's transactions (cleared when it ends). */
interface TransactionMark {
  open: boolean;
}

/** A PGlite instance and the lock that hands its single session to one caller at a time. */
export class PgliteSession {
  readonly mutex = new Mutex();
  private readonly transactions = new AsyncLocalStorage<TransactionMark>();

  constructor(readonly pglite: PGlite) {}

  /** Runs `work` with the session to itself (no transaction of someone else open around it). */
  exclusive<T>(work: (pglite: PGlite) => Promise<T>): Promise<T> {
    this.assertOutsideTransaction();
    return this.mutex.run(() => work(this.pglite));
  }

  /** Runs the callback of a transaction, so that the outer database used inside it fails fast. */
  async withinTransaction<T>(work: () => Promise<T>): Promise<T> {
    const mark: TransactionMark = { open: true };
    try {
      return await this.transactions.run(mark, work);
    } finally {
      mark.open = false;
    }
  }

  /**
   * Throws when called from inside a transaction's callback: the session is that transaction's
   * until it ends, so waiting for it would wait for ever.
   */
  assertOutsideTransaction(): void {
    if (this.transactions.getStore()?.open === true) {
      throw new Error('PGlite has one session: inside a transaction, use the stores it gives (tx), not the outer storage');
    }
  }
}
