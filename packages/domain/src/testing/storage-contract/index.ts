export { describeStorageContract } from './describe-storage-contract.js';
export type { ContractSubject, OpenSubject } from './contract-subject.js';
export { T0 } from './fixtures.js';
export { aProject, anAdmin, aSubscription, anEvent, aDelivery, anAttempt } from './fixtures.js';
