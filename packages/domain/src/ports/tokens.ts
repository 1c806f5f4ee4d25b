/**
 * Dependency-injection tokens of the domain's ports: plain symbols, so the domain needs no container.
 * Adapters bind them in their container modules; only apps create the container.
 */
export const TOKENS = {
  Clock: Symbol.for('webhooks.Clock'),
  IdGenerator: Symbol.for('webhooks.IdGenerator'),
  Random: Symbol.for('webhooks.Random'),
  Storage: Symbol.for('webhooks.Storage'),
  /** Resolved afresh for each use case that records (each batches on its own). */
  ActivityRecording: Symbol.for('webhooks.ActivityRecording'),
  DeliveryQueue: Symbol.for('webhooks.DeliveryQueue'),
  WorkSignal: Symbol.for('webhooks.WorkSignal'),
  LiveEvents: Symbol.for('webhooks.LiveEvents'),
  /** Optional: a storage adapter's own reading of a form's context (one statement); the composition chooses. */
  FormContextReads: Symbol.for('webhooks.FormContextReads'),
  WebhookTransport: Symbol.for('webhooks.WebhookTransport'),
  TargetGuard: Symbol.for('webhooks.TargetGuard'),
  DomainConfig: Symbol.for('webhooks.DomainConfig'),
  Logger: Symbol.for('webhooks.Logger'),
  /** Optional: told of every delivery attempt (the apps bind one that logs and counts). */
  AttemptObserver: Symbol.for('webhooks.AttemptObserver'),
} as const;
