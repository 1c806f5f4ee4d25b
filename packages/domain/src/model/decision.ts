import type { Json } from './json.js';

/** How a message is shown; `info` from a subscriber is read as `information`. */
export type MessageType = 'error' | 'notification' | 'warning' | 'success' | 'information';

/** A message for the user, with the webhook it came from. */
export interface DecisionMessage {
  readonly text: string;
  readonly type: MessageType;
  readonly webhookId: string | null;
}

/** A subscriber that failed, and how. */
export interface DecisionFailure {
  readonly webhookId: string;
  readonly reason: string;
}

/** A rule the answers broke (error with jdoc, two webhooks patching one field). */
export interface DecisionConflict {
  readonly webhookId: string;
  readonly reason: string;
  readonly field?: string;
}

/** What the platform applies to the user's form after an interactive event. */
export interface Decision {
  readonly proceed: boolean;
  readonly messages: readonly DecisionMessage[];
  /** Field id → new value. */
  readonly patch: Readonly<Record<string, Json>>;
  readonly focusOn?: string;
  readonly redirect?: string;
  readonly failures: readonly DecisionFailure[];
  readonly conflicts: readonly DecisionConflict[];
}
