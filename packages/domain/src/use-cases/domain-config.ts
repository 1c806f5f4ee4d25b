import type { RetryPolicy } from '../delivery/retry-policy.js';

/** Settings of the worker loop. */
export interface WorkerConfig {
  /** How many due deliveries one claim takes. */
  readonly batchSize: number;
  /** Sends in flight at once, in total. */
  readonly concurrency: number;
  /** Sends in flight at once to one host, so one slow receiver cannot starve the rest. */
  readonly perHostConcurrency: number;
  /** How long a claim is leased; a crashed worker's claims come back after it. */
  readonly leaseMs: number;
  /** Longest idle wait before polling again (notify wakes earlier). */
  readonly pollIntervalMs: number;
  /** A webhook whose every attempt has failed for this long is disabled (`failing`). */
  readonly disableFailingAfterMs: number;
}

/** The deployment's choices the domain needs. Apps build it from the environment. */
export interface DomainConfig {
  /** The operator's bearer token. */
  readonly operatorToken: string;
  /** Plain-http webhook targets are accepted (local use). */
  readonly allowHttpTargets: boolean;
  /** How long a rotated-out secret keeps signing. */
  readonly secretGraceMs: number;
  readonly retryPolicy: RetryPolicy;
  /** Applicants per page of a group event (status_update, tag_update). */
  readonly groupPageSize: number;
  /** The deadline of one interactive event, whatever the subscriptions' timeouts. */
  readonly interactiveDeadlineMs: number;
  readonly worker: WorkerConfig;
}
