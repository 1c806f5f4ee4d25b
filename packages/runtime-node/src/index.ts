export { SystemClock } from './system-clock.js';
export { CryptoRandom } from './crypto-random.js';
export { PrefixedIds } from './prefixed-ids.js';
export { runtimeContainerModule } from './runtime.container-module.js';
