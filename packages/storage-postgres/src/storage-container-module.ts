import { TOKENS } from '@webhooks/domain';
import { ContainerModule } from 'inversify';
import type { StorageHandle } from './storage-handle.js';

/** Binds the storage ports (Storage, DeliveryQueue, WorkSignal, LiveEvents, FormContextReads) of an open handle. */
export function storageContainerModule(handle: StorageHandle): ContainerModule {
  return new ContainerModule((options) => {
    options.bind(TOKENS.Storage).toConstantValue(handle.storage);
    options.bind(TOKENS.DeliveryQueue).toConstantValue(handle.queue);
    options.bind(TOKENS.WorkSignal).toConstantValue(handle.signal);
    options.bind(TOKENS.LiveEvents).toConstantValue(handle.live);
    options.bind(TOKENS.FormContextReads).toConstantValue(handle.formContexts);
  });
}
