import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { WorkerProcess } from './domain.container-module.js';

/** The worker of this process: a name unique among running workers, its troubles logged under it. */
export function workerProcess(logger: Logger): WorkerProcess {
  const workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  const log = logger.child({ workerId });
  return {
    workerId,
    onError: (error) => log.warn({ err: error }, 'worker: database error, retrying'),
    onLeaseLost: (deliveryIds) => log.warn({ deliveryIds }, 'worker: leases taken over by another worker; not sending these'),
  };
}
