/** What happens when an interactive subscriber fails: go on without it, or stop the form. */
export type FailurePolicy = 'open' | 'closed';

/** One signing secret of a subscription; an old one keeps signing until `expiresAt`. */
export interface SigningSecret {
  /** `whsec_` followed by base64 of 24 to 64 random bytes. */
  readonly secret: string;
  readonly createdAt: Date;
  /** Null for the current secret; set on the previous one when the secret is rotated. */
  readonly expiresAt: Date | null;
}

/** A webhook: one project, one concrete event key, one URL. */
export interface Subscription {
  readonly id: string;
  readonly projectId: string;
  /** A concrete key: `user_registered`, `form_submit_42`, never one with `*`. */
  readonly eventKey: string;
  /** The normalised target URL: one URL serves one event within a project. */
  readonly url: string;
  readonly description: string | null;
  readonly enabled: boolean;
  /** Why the service disabled it — `gone` after a 410, `failing` after failing every attempt for too long — or null. */
  readonly disabledReason: string | null;
  /**
   * Since when every attempt to it has failed (the first failure after its last success), by the
   * database's clock; null while it is healthy. Kept after it was disabled as `failing`.
   */
  readonly failingSince: Date | null;
  readonly timeoutMs: number;
  readonly failurePolicy: FailurePolicy;
  readonly secrets: readonly SigningSecret[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}
