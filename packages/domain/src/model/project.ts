/** How a project organises its applicants. */
export type SystemKind = 'individual' | 'family';

/** A tenant of the service: one registration project of the platform. */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly system: SystemKind;
  /** SHA-256 (hex) of the platform key; the key itself is shown once, at creation. */
  readonly platformKeyHash: string;
  readonly createdAt: Date;
}

/** An admin of a project; only an active API admin may configure webhooks. */
export interface Admin {
  readonly id: string;
  readonly projectId: string;
  readonly email: string;
  readonly apiAdmin: boolean;
  readonly active: boolean;
  /** SHA-256 (hex) of the admin's API key, or null when the admin has none. */
  readonly apiKeyHash: string | null;
  readonly createdAt: Date;
}
