/**
 * What opening storage is doing, for the process to say while it starts (the embedded database
 * takes seconds the first time; an unreachable Postgres is retried).
 */
export type OpenProgress =
  /** Postgres did not answer; another try follows in `retryInMs`. */
  | { readonly step: 'waiting-for-postgres'; readonly target: string; readonly attempt: number; readonly reason: string; readonly retryInMs: number }
  /** The embedded database starts in `dataDir`; `fresh` when it is created there (initdb). */
  | { readonly step: 'embedded-starting'; readonly dataDir: string; readonly fresh: boolean }
  | { readonly step: 'embedded-ready'; readonly dataDir: string; readonly ms: number }
  /** Migrations are about to be applied. */
  | { readonly step: 'migrating'; readonly pending: readonly string[] }
  | { readonly step: 'migrated'; readonly applied: readonly string[]; readonly ms: number };

/** Receives the progress of opening storage. */
export type OnOpenProgress = (progress: OpenProgress) => void;
