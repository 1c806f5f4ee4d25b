import type { DeliveryQueue, WorkSignal } from '../../ports/delivery-queue.port.js';
import type { FormContextReads } from '../../ports/form-context-reads.port.js';
import type { LiveEvents } from '../../ports/live-events.port.js';
import type { RecordingStorage } from '../../ports/recording-storage.port.js';
import type { ManualClock } from '../manual-clock.js';

/**
 * What the storage contract runs against. Each `open()` must give an **empty** storage (a fresh
 * instance, or the same database emptied) whose queue keeps time by `clock`; `close()` releases
 * what `open()` took.
 */
export interface ContractSubject {
  /** The storage with what recording activities needs besides (as the adapters provide it). */
  readonly storage: RecordingStorage;
  readonly queue: DeliveryQueue;
  readonly signal: WorkSignal;
  /**
   * The queue's clock — the database's `now()` in production — moved by hand here, so leases
   * and due times are tested without waiting. It starts at the contract's epoch `T0`.
   */
  readonly clock: ManualClock;
  readonly live: LiveEvents;
  /** The adapter's own reading of a form's context, when it has one (the plain `StoredFormContexts` is tested over `storage` anyway). */
  readonly formContexts?: FormContextReads;
  close(): Promise<void>;
}

/** Opens an empty subject. */
export type OpenSubject = () => Promise<ContractSubject>;
