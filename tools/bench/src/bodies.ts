import { performance } from 'node:perf_hooks';

/**
 * Wall-clock time in milliseconds with sub-millisecond resolution. Every bench process uses it,
 * so a time written by one (a send time in an activity id) compares with a time read by another
 * (the receiver's arrival time): both count from the same system clock.
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * An activity id carrying the time it was (meant to be) sent: `<prefix>-<seq>-<microseconds>`.
 * Platform ids allow letters, digits and `._:@-`, up to 128 characters.
 */
export function timedId(prefix: string, seq: number, atMs: number): string {
  return `${prefix}-${seq}-${Math.round(atMs * 1000)}`;
}

/** The send time (ms) a {@link timedId} carries, or null for any other id. */
export function sentAtOf(id: string): number | null {
  const m = /-(\d{13,19})$/.exec(id);
  return m ? Number(m[1]) / 1000 : null;
}

const ACTIVITY_ID = /"activity_id":"([^"\\]{1,128})"/;

/** The `meta_info.activity_id` of a delivered payload, found without parsing the whole body. */
export function activityIdOf(body: string): string | null {
  return ACTIVITY_ID.exec(body)?.[1] ?? null;
}

const USER = { id: 'u-bench-1', username: 'ada.lovelace@example.com', firstName: 'Ada', lastName: 'Lovelace' } as const;
const OCCURRED_AT = '2026-11-27T10:00:00.000Z';

/** A `login` activity (fires login_success: one delivery per subscription). */
export function loginActivity(id: string): string {
  return JSON.stringify({ id, type: 'login', origin: 'applicant', occurredAt: OCCURRED_AT, user: USER, via: 'password' });
}

/** The form document of the interactive calls: a dozen fields of a registration form. */
const FORM_DOC = {
  first_name: 'Ada',
  last_name: 'Lovelace',
  birth_date: '1815-12-10',
  email: 'ada.lovelace@example.com',
  phone: '+44 20 7946 0000',
  street: '12 St James Square',
  city: 'London',
  postcode: 'SW1Y 4JH',
  country: 'GB',
  tshirt: 'M',
  allergies: 'none',
  consent: true,
} as const;

/** A preprocess (or load) call of the platform. */
export function interactionBody(id: string): string {
  return JSON.stringify({ id, origin: 'applicant', occurredAt: OCCURRED_AT, user: USER, doc: FORM_DOC });
}

/**
 * What the service sends a form_preprocess subscriber, in shape and size: the envelope with
 * form_info and doc. The direct calls of the interactive benchmark post this to the receiver.
 */
export function preprocessHookBody(id: string, projectId: string): string {
  return JSON.stringify({
    event: 'form_preprocess',
    event_id: `msg_${id}`,
    occurred_at: OCCURRED_AT,
    project_id: projectId,
    user_info: { id: USER.id, username: USER.username, first_name: USER.firstName, last_name: USER.lastName },
    meta_info: { project_id: projectId, project_name: 'Bench camp', system: 'individual', activity_id: id, origin: 'applicant', occurred_at: OCCURRED_AT },
    form_info: { id: 'f-bench', name: 'Registration' },
    doc: FORM_DOC,
  });
}

/** What the service delivers for a login: the login_success envelope, the body of the bare client loops. */
export function loginDeliveryBody(id: string, projectId: string): string {
  return JSON.stringify({
    event: 'login_success',
    event_id: `msg_${id}`,
    occurred_at: OCCURRED_AT,
    project_id: projectId,
    user_info: { id: USER.id, username: USER.username, first_name: USER.firstName, last_name: USER.lastName },
    meta_info: { project_id: projectId, project_name: 'Bench camp', system: 'individual', activity_id: id, origin: 'applicant', occurred_at: OCCURRED_AT },
  });
}
