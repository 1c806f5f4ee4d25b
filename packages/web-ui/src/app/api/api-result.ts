import type { Problem } from './api-types.js';

/** The outcome of one API call: the answer's body, or the problem the API (or the network) gave. */
export type ApiResult<T> =
  | { readonly kind: 'ok'; readonly status: number; readonly value: T }
  | { readonly kind: 'problem'; readonly problem: Problem };

/** The problem standing for a request that got no HTTP answer at all. */
export function networkProblem(error: unknown): Problem {
  const detail = error instanceof Error ? error.message : String(error);
  return { title: 'The service could not be reached', status: 0, detail };
}

/** A short sentence for a problem: its detail, or its title. */
export function problemMessage(problem: Problem): string {
  return problem.detail ?? problem.title;
}
