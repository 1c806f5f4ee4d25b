export { describeStorageContract } from '@webhooks/domain/testing';
