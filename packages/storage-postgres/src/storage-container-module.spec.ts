import { describe, expect, it } from '@jest/globals';
import { TOKENS } from '@webhooks/domain';
import { Container } from 'inversify';
import type { StorageHandle } from './storage-handle.js';
import { storageContainerModule } from './storage-container-module.js';

describe('storageContainerModule', () => {
  it('should bind the storage, the queue and the work signal of the handle', () => {
    const handle = { storage: { name: 'storage' }, queue: { name: 'queue' }, signal: { name: 'signal' } } as unknown as StorageHandle;
    const container = new Container();
    container.load(storageContainerModule(handle));
    expect(container.get(TOKENS.Storage)).toBe(handle.storage);
    expect(container.get(TOKENS.DeliveryQueue)).toBe(handle.queue);
    expect(container.get(TOKENS.WorkSignal)).toBe(handle.signal);
  });
});
