import type { RawAnswer } from './support/http-client.js';

/** What a suite sent, as far as a known bug needs to recognise it. */
export interface Sent {
  readonly operationId: string;
  readonly kind: string;
  readonly at: string;
  readonly path: string;
  readonly body?: string;
}

/**
 * A bug found by these suites and not fixed yet. While it is listed, the fuzzers count the answers
 * it explains instead of failing on them, and its own `it.failing` test (in known-bugs.spec.ts)
 * proves it still happens: when the bug is fixed, that test goes red — then delete the entry here
 * and the `.failing` there.
 */
export interface KnownBug {
  readonly id: string;
  readonly title: string;
  /** Where in the code, as found. */
  readonly where: string;
  /** True when this bug explains `answer` to `sent`. */
  readonly explains: (sent: Sent, answer: RawAnswer) => boolean;
}



/** The bugs found and not yet fixed. */
export const KNOWN_BUGS: readonly KnownBug[] = [
  // Empty: BUG-1 to BUG-7, found by these suites, are fixed and their proofs are regression tests now
  // (bad-input.spec.ts, faults.spec.ts). A new bug found goes here with an `it.failing` proof.
];

/** The known bug explaining an answer, if one does. */
export function knownBugOf(sent: Sent, answer: RawAnswer): KnownBug | undefined {
  return KNOWN_BUGS.find((bug) => bug.explains(sent, answer));
}
