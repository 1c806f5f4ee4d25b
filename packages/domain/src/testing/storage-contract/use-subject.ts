import { afterEach, beforeEach } from '@jest/globals';
import type { ContractSubject, OpenSubject } from './contract-subject.js';

/** Opens a fresh, empty subject before each test and closes it after; returns its getter. */
export function useSubject(open: OpenSubject): () => ContractSubject {
  let subject: ContractSubject | null = null;
  beforeEach(async () => {
    subject = await open();
  });
  afterEach(async () => {
    await subject?.close();
    subject = null;
  });
  return () => {
    if (subject === null) throw new Error('the contract subject is open only inside a test');
    return subject;
  };
}
