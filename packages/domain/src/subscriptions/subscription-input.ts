import { parseEventKey } from '../catalog/event-key.js';
import type { EventMode } from '../catalog/event-type.js';
import type { Form } from '../model/form.js';
import type { SystemKind } from '../model/project.js';
import type { FieldError } from '../model/result.js';
import type { FailurePolicy, Subscription } from '../model/subscription.js';
import type { TargetGuard } from '../ports/target-guard.port.js';
import { normaliseTargetUrl } from './target-url.js';

/** A subscription as an API admin describes it, on creation (or as a whole, on change). */
export interface SubscriptionInput {
  readonly event: string;
  readonly url: string;
  readonly description?: string | null;
  readonly enabled?: boolean;
  readonly timeoutMs?: number;
  readonly failurePolicy?: FailurePolicy;
}

/** A subscription input that passed every rule, defaults filled in and URL normalised. */
export interface ValidSubscriptionInput {
  readonly eventKey: string;
  readonly url: string;
  readonly description: string | null;
  readonly enabled: boolean;
  readonly timeoutMs: number;
  readonly failurePolicy: FailurePolicy;
}

/** The outcome of validating a subscription input: the clean value, or every field at fault. */
export type SubscriptionInputResult =
  | { readonly kind: 'ok'; readonly value: ValidSubscriptionInput }
  | { readonly kind: 'invalid'; readonly errors: FieldError[] };

/** Timeout bounds of interactive calls: the user is waiting. */
export const INTERACTIVE_TIMEOUT_MS = { min: 100, max: 10_000, default: 3_000 } as const;

/** Timeout bounds of notify deliveries. */
export const NOTIFY_TIMEOUT_MS = { min: 1_000, max: 30_000, default: 15_000 } as const;

/** The accepted range of a timeout, and the value used when none is given, in milliseconds. */
interface TimeoutBounds {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** The timeout bounds of each event mode. */
const TIMEOUT_BOUNDS: Readonly<Record<EventMode, TimeoutBounds>> = {
  interactive: INTERACTIVE_TIMEOUT_MS,
  notify: NOTIFY_TIMEOUT_MS,
};

/** The longest description accepted. */
const MAX_DESCRIPTION_LENGTH = 500;

/** The failure policy of an interactive subscription that names none (and of every notify one). */
const DEFAULT_FAILURE_POLICY: FailurePolicy = 'open';

const FAILURE_POLICIES: readonly string[] = ['open', 'closed'] satisfies FailurePolicy[];

/**
 * Checks a subscription input against the catalog, the project's forms and system, and the
 * deployment's URL rules (the scheme, and `targets`: no host the transport would always refuse).
 * Every problem is reported, each with the path of its field.
 */
export function validateSubscriptionInput(
  input: SubscriptionInput,
  ctx: { readonly forms: readonly Form[]; readonly system: SystemKind; readonly allowHttp: boolean; readonly targets: TargetGuard },
): SubscriptionInputResult {
  const errors: FieldError[] = [];

  const parsed = parseEventKey(input.event, ctx.forms);
  const mode: EventMode | null = parsed.kind === 'ok' ? parsed.type.mode : null;
  if (parsed.kind === 'error') {
    errors.push({ path: 'event', message: parsed.message });
  } else if (parsed.type.familyOnly && ctx.system !== 'family') {
    const message = `${input.event} fires only in family systems, and this project is ${ctx.system}`;
    errors.push({ path: 'event', message });
  }

  const url = normaliseTargetUrl(input.url, { allowHttp: ctx.allowHttp });
  const refusal = url.kind === 'ok' ? ctx.targets.refusal(url.url) : null;
  if (url.kind === 'error') {
    errors.push({ path: 'url', message: url.message });
  } else if (refusal !== null) {
    errors.push({ path: 'url', message: `url must not point inside a private network (${refusal}): this deployment does not deliver there` });
  }

  const description = input.description ?? null;
  if (description !== null && description.length > MAX_DESCRIPTION_LENGTH) {
    errors.push({ path: 'description', message: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters` });
  }

  const timeoutError = checkTimeout(input.timeoutMs, mode);
  if (timeoutError !== null) {
    errors.push({ path: 'timeoutMs', message: timeoutError });
  }

  const policyError = checkFailurePolicy(input.failurePolicy, mode, input.event);
  if (policyError !== null) {
    errors.push({ path: 'failurePolicy', message: policyError });
  }

  if (errors.length > 0 || mode === null || url.kind === 'error') {
    return { kind: 'invalid', errors };
  }
  return {
    kind: 'ok',
    value: {
      eventKey: input.event,
      url: url.url,
      description,
      enabled: input.enabled ?? true,
      timeoutMs: input.timeoutMs ?? TIMEOUT_BOUNDS[mode].default,
      failurePolicy: input.failurePolicy ?? DEFAULT_FAILURE_POLICY,
    },
  };
}

/**
 * The conflict message when `url` already serves another event in the project: one URL serves
 * one event. Names the existing webhook so the admin can find it.
 */
export function urlConflictMessage(existing: Subscription, eventKey: string): string {
  return (
    `this URL already serves event ${existing.eventKey} (webhook ${existing.id}): ` +
    `one URL serves one event, so it cannot also serve ${eventKey}`
  );
}

/** Bounds are those of the event's mode; when the event is invalid only integrality is checked. */
function checkTimeout(timeoutMs: number | undefined, mode: EventMode | null): string | null {
  if (timeoutMs === undefined) {
    return null;
  }
  if (!Number.isSafeInteger(timeoutMs)) {
    return 'timeoutMs must be a whole number of milliseconds';
  }
  if (mode === null) {
    return null;
  }
  const bounds = TIMEOUT_BOUNDS[mode];
  if (timeoutMs < bounds.min || timeoutMs > bounds.max) {
    return `timeoutMs must be between ${bounds.min} and ${bounds.max} for ${mode} events`;
  }
  return null;
}

function checkFailurePolicy(policy: FailurePolicy | undefined, mode: EventMode | null, event: string): string | null {
  if (policy === undefined) {
    return null;
  }
  if (!FAILURE_POLICIES.includes(policy)) {
    return 'failurePolicy must be "open" or "closed"';
  }
  if (mode === 'notify') {
    return `failurePolicy applies to interactive events only, and ${event} is a notify event`;
  }
  return null;
}
