/** Test support for suites that run the real api app: a receiver that verifies signatures. */
export { Receiver } from './receiver.js';
export type { Behaviour, Received } from './receiver.js';
