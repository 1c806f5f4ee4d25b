import { Container } from 'inversify';
import { deliveryHttpContainerModule } from '@webhooks/delivery-http';
import { runtimeContainerModule } from '@webhooks/runtime-node';
import { storageContainerModule } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import type { Logger } from 'pino';
import type { ServiceConfig } from './config.js';
import { USE_CASES, domainContainerModule } from './domain.container-module.js';
import { workerProcess } from './worker-process.js';

/** The one container of a process: every adapter's module, then the domain's use cases over them. */
export function createServiceContainer(config: ServiceConfig, storage: StorageHandle, logger: Logger): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(
    runtimeContainerModule(),
    storageContainerModule(storage),
    deliveryHttpContainerModule({
      allowPrivateTargets: config.allowPrivateTargets,
      allowHttpTargets: config.domain.allowHttpTargets,
      maxSocketsPerHost: config.domain.worker.perHostConcurrency,
    }),
    domainContainerModule(config.domain),
  );
  // The delivery worker's name and where it logs its troubles.
  container.bind(USE_CASES.WorkerProcess).toConstantValue(workerProcess(logger));
  return container;
}
