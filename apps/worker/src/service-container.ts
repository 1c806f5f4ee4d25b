import { Container } from 'inversify';
import { deliveryHttpContainerModule } from '@webhooks/delivery-http';
import { runtimeContainerModule } from '@webhooks/runtime-node';
import { storageContainerModule } from '@webhooks/storage-postgres';
import type { StorageHandle } from '@webhooks/storage-postgres';
import type { ServiceConfig } from './config.js';
import { domainContainerModule } from './domain.container-module.js';

/** The one container of a process: every adapter's module, then the domain's use cases over them. */
export function createServiceContainer(config: ServiceConfig, storage: StorageHandle): Container {
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
  return container;
}
