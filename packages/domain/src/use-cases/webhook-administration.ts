import { parseEventKey } from '../catalog/event-key.js';
import { newSigningSecret, rotateSecrets } from '../subscriptions/signing-secret.js';
import type { SubscriptionInput, ValidSubscriptionInput } from '../subscriptions/subscription-input.js';
import { urlConflictMessage, validateSubscriptionInput } from '../subscriptions/subscription-input.js';
import type { Result } from '../model/result.js';
import { conflict, notFound, ok } from '../model/result.js';
import type { Subscription } from '../model/subscription.js';
import type { Project } from '../model/project.js';
import type { Clock } from '../ports/clock.port.js';
import type { Page, PageRequest } from '../ports/cursor.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { Random } from '../ports/random.port.js';
import type { Storage, Stores } from '../ports/storage.port.js';
import type { TargetGuard } from '../ports/target-guard.port.js';

/** What an API admin may change of a webhook (the event and URL included). */
export type SubscriptionChange = Partial<SubscriptionInput>;

/** Dependencies of webhook configuration. */
export interface WebhookAdministrationDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly random: Random;
  readonly allowHttpTargets: boolean;
  /** Refuses targets the transport would always refuse (the SSRF rule), when they are saved. */
  readonly targets: TargetGuard;
  readonly secretGraceMs: number;
}

/** The API admin's use cases over webhooks: list, create, read, change, delete, rotate the secret. */
export class WebhookAdministration {
  constructor(private readonly deps: WebhookAdministrationDeps) {}

  /** The project's webhooks in creation order. */
  async list(projectId: string, page: PageRequest): Promise<Page<Subscription>> {
    return this.deps.storage.subscriptions.list(projectId, page);
  }

  /** One webhook, or not_found (also for another project's id). */
  async get(projectId: string, id: string): Promise<Result<Subscription>> {
    const found = await this.deps.storage.subscriptions.get(projectId, id);
    return found ? ok(found) : notFound('webhook');
  }

  /** Creates a webhook with a fresh secret; one URL serves one event within a project. */
  async create(projectId: string, input: SubscriptionInput): Promise<Result<Subscription>> {
    return this.deps.storage.transaction(async (tx) => {
      const project = await tx.projects.get(projectId);
      if (!project) return notFound('project');
      const checked = await this.check(tx, project, input, null);
      if (checked.kind !== 'ok') return checked;
      const now = this.deps.clock.now();
      const subscription: Subscription = {
        id: this.deps.ids.next('wh'),
        projectId,
        ...this.fields(checked.value),
        disabledReason: null,
        failingSince: null,
        secrets: [newSigningSecret(this.deps.random, now)],
        createdAt: now,
        updatedAt: now,
      };
      await tx.subscriptions.insert(subscription);
      return ok(subscription);
    });
  }

  /**
   * Changes a webhook; the result is validated as a whole, as if created anew. Enabling a disabled
   * webhook clears its disabled reason and its failing period; so does a new URL (another endpoint).
   */
  async update(projectId: string, id: string, change: SubscriptionChange): Promise<Result<Subscription>> {
    return this.deps.storage.transaction(async (tx) => {
      const [project, current] = [await tx.projects.get(projectId), await tx.subscriptions.get(projectId, id)];
      if (!project || !current) return notFound('webhook');
      const isInteractive = (key: string) => {
        const parsed = parseEventKey(key, null);
        return parsed.kind === 'ok' && parsed.type.mode === 'interactive';
      };
      const event = change.event ?? current.eventKey;
      const merged: SubscriptionInput = {
        event,
        url: change.url ?? current.url,
        description: change.description !== undefined ? change.description : current.description,
        enabled: change.enabled ?? current.enabled,
        // Keep the current timeout and policy only while they still apply to the event's mode.
        ...(change.timeoutMs !== undefined ? { timeoutMs: change.timeoutMs } : event === current.eventKey ? { timeoutMs: current.timeoutMs } : {}),
        ...(change.failurePolicy !== undefined
          ? { failurePolicy: change.failurePolicy }
          : isInteractive(event) && isInteractive(current.eventKey)
            ? { failurePolicy: current.failurePolicy }
            : {}),
      };
      const checked = await this.check(tx, project, merged, current.id);
      if (checked.kind !== 'ok') return checked;
      const next: Subscription = {
        ...current,
        ...this.fields(checked.value),
        disabledReason: checked.value.enabled ? null : current.disabledReason,
        failingSince: (checked.value.enabled && !current.enabled) || checked.value.url !== current.url ? null : current.failingSince,
        updatedAt: this.deps.clock.now(),
      };
      await tx.subscriptions.update(next);
      return ok(next);
    });
  }

  /** Deletes a webhook. Its delivery log stays. */
  async delete(projectId: string, id: string): Promise<Result<null>> {
    return (await this.deps.storage.subscriptions.delete(projectId, id)) ? ok(null) : notFound('webhook');
  }

  /**
   * Issues a new secret; the previous one keeps signing for `graceMs` (the configured grace period
   * unless given; 0: it stops at once).
   */
  async rotateSecret(projectId: string, id: string, graceMs: number = this.deps.secretGraceMs): Promise<Result<Subscription>> {
    return this.deps.storage.transaction(async (tx) => {
      const current = await tx.subscriptions.get(projectId, id);
      if (!current) return notFound('webhook');
      const now = this.deps.clock.now();
      const next: Subscription = {
        ...current,
        secrets: rotateSecrets(current.secrets, newSigningSecret(this.deps.random, now), now, graceMs),
        updatedAt: now,
      };
      await tx.subscriptions.update(next);
      return ok(next);
    });
  }

  /** Validates the input against the catalog, the project's forms and the one-event-per-URL rule (a URL is subscribed once). */
  private async check(tx: Stores, project: Project, input: SubscriptionInput, selfId: string | null): Promise<Result<ValidSubscriptionInput>> {
    const forms = await tx.forms.listForms(project.id);
    const checked = validateSubscriptionInput(input, { forms, system: project.system, allowHttp: this.deps.allowHttpTargets, targets: this.deps.targets });
    if (checked.kind === 'invalid') return { kind: 'invalid', errors: checked.errors };
    const holder = await tx.subscriptions.findByUrl(project.id, checked.value.url);
    if (holder && holder.id !== selfId) {
      return conflict(urlConflictMessage(holder, checked.value.eventKey), { existingId: holder.id, reason: 'url_taken' });
    }
    return ok(checked.value);
  }

  private fields(value: ValidSubscriptionInput) {
    return {
      eventKey: value.eventKey,
      url: value.url,
      description: value.description,
      enabled: value.enabled,
      timeoutMs: value.timeoutMs,
      failurePolicy: value.failurePolicy,
    };
  }
}
