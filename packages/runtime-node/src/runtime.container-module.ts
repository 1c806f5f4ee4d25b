import { ContainerModule } from 'inversify';
import { TOKENS } from '@webhooks/domain';
import { CryptoRandom } from './crypto-random.js';
import { PrefixedIds } from './prefixed-ids.js';
import { SystemClock } from './system-clock.js';

/** Binds the Clock, IdGenerator and Random ports to their Node implementations. */
export const runtimeContainerModule = (): ContainerModule =>
  new ContainerModule((options) => {
    options.bind(TOKENS.Clock).toConstantValue(new SystemClock());
    options.bind(TOKENS.IdGenerator).toConstantValue(new PrefixedIds());
    options.bind(TOKENS.Random).toConstantValue(new CryptoRandom());
  });
