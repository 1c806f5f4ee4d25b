import type { Project } from '../model/project.js';
import type { Stores } from './storage.port.js';

/** What recording an activity (or a form interaction) once answers. */
export type Recorded<T> =
  /** Recorded now: `value` is what `produce` gave. */
  | { readonly kind: 'recorded'; readonly value: T }
  /** The id was recorded before for the same request: the answer given then. */
  | { readonly kind: 'earlier'; readonly value: T }
  /** The id was recorded before (or is being recorded) for another request. */
  | { readonly kind: 'id_reused' }
  | { readonly kind: 'no_project' };

/** An activity to record once under (projectId, id), with what it produces. */
export interface Recording<T> {
  readonly projectId: string;
  /** The id the platform gave (keyed, `idKey`), unique per project and kind of request. */
  readonly id: string;
  /** The record's type (the activity type, or `form_<moment>`). */
  readonly type: string;
  /** The request's fingerprint: a repeat of the id with another one is `id_reused`. */
  readonly fingerprint: string;
  /** Users whose completion state `produce` reads and changes: no other recording changes them meanwhile. */
  readonly users: readonly string[];
  /** The project, when the caller has just read it. */
  readonly project?: Project;
  /** The caller found no record of the id just before (it need not be looked up again; a race is still caught). */
  readonly checkedBefore?: boolean;
  /**
   * What the activity produces — completion states saved, events, deliveries and attempts
   * inserted through `stores` — and the answer to keep. Written with the record, all or nothing;
   * not kept at all when the id turns out to be recorded already.
   */
  produce(stores: Stores, project: Project): Promise<T>;
}

/**
 * Records an activity and what it produced, once: a repeat of an id answers the first answer
 * (same request) or `id_reused` (another request), and produces nothing.
 */
export interface ActivityRecording {
  record<T>(recording: Recording<T>): Promise<Recorded<T>>;
}
