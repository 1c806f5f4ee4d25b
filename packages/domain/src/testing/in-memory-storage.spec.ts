import { InMemoryStorage } from './in-memory-storage.js';
import { describeStorageContract } from './storage-contract/index.js';

// The in-memory fake keeps the promises the real adapters keep: the very same contract suite.
describeStorageContract('InMemoryStorage', async () => {
  const s = new InMemoryStorage();
  return { storage: s, queue: s, signal: s, close: async () => {} };
});
