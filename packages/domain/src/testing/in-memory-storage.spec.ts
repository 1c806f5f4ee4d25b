import { InMemoryStorage } from './in-memory-storage.js';
import { ManualClock } from './manual-clock.js';
import { describeStorageContract, T0 } from './storage-contract/index.js';
import { InMemoryLiveEvents } from './in-memory-live-events.js';

// The in-memory fake keeps the promises the real adapters keep: the very same contract suite.
describeStorageContract('InMemoryStorage', async () => {
  const clock = new ManualClock(T0);
  const s = new InMemoryStorage(clock);
  return { storage: s, queue: s, signal: s, clock, live: new InMemoryLiveEvents(), close: async () => {} };
});
