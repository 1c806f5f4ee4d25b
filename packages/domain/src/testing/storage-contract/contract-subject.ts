import type { DeliveryQueue, WorkSignal } from '../../ports/delivery-queue.port.js';
import type { Storage } from '../../ports/stores.port.js';

/**
 * What the storage contract runs against. Each `open()` must give an **empty** storage (a fresh
 * instance, or the same database emptied); `close()` releases what `open()` took.
 */
export interface ContractSubject {
  readonly storage: Storage;
  readonly queue: DeliveryQueue;
  readonly signal: WorkSignal;
  close(): Promise<void>;
}

/** Opens an empty subject. */
export type OpenSubject = () => Promise<ContractSubject>;
