/**
 * In-memory fakes of every port, the whole service assembled over them, and the storage contract
 * suite every storage adapter must pass.
 */
export { InMemoryStorage } from './in-memory-storage.js';
export { InMemoryLiveEvents } from './in-memory-live-events.js';
export { ManualClock } from './manual-clock.js';
export { RecordingObserver } from './recording-observer.js';
export { SequentialIds } from './sequential-ids.js';
export { SeededRandom } from './seeded-random.js';
export { ScriptedTransport, answer, failure } from './scripted-transport.js';
export { ListedTargetGuard } from './listed-target-guard.js';
export type { Script } from './scripted-transport.js';
export { createInMemoryService, TEST_CONFIG } from './in-memory-service.js';
export type { InMemoryService } from './in-memory-service.js';
export * from './storage-contract/index.js';
