/** Notify events are queued and retried; interactive ones are called while the user waits. */
export type EventMode = 'notify' | 'interactive';

/** What an event is about, to group the catalog for a reader: the interactive calls apart. */
export type EventTopic = 'account' | 'forms' | 'completion' | 'payments' | 'statuses_tags' | 'interactive';

/** One row of the event catalog. Adding an event is adding a row. */
export interface EventType {
  /** The key or key pattern: `user_registered`, `form_submit_{form}`. */
  readonly key: string;
  /** What it is about (interactive events are the `interactive` topic). */
  readonly topic: EventTopic;
  /** For per-form keys, the concrete prefix (`form_submit_`); null otherwise. */
  readonly formPrefix: string | null;
  readonly mode: EventMode;
  /** Fires only in family systems. */
  readonly familyOnly: boolean;
  /**
   * About a group of applicants (status, tag changes): `user_info` is an array, one per applicant,
   * and a large group is paged (`meta_info.page`). Otherwise `user_info` is one object.
   */
  readonly group: boolean;
  /** Payload fields beyond `user_info` and `meta_info`. */
  readonly payload: readonly string[];
  /** When it fires, in the words of the product document. */
  readonly description: string;
}
