import { parseEventKey } from '../catalog/event-key.js';
import type { FieldError, Result } from '../model/result.js';
import { invalid, notFound, ok } from '../model/result.js';
import type { LiveEvents, LiveSubscription } from '../ports/live-events.port.js';
import type { Storage } from '../ports/storage.port.js';

/** The most event keys one listener may ask for. */
export const MAX_LISTENED_KEYS = 50;

/**
 * An API admin listening to a project's events live (`webhooks listen`): the notify events they
 * name, as they are recorded, whether or not a webhook subscribes to them. Interactive events are
 * refused: they are answered while the user waits, which a listener that is only sent events
 * cannot do.
 */
export class ListenToEvents {
  constructor(private readonly deps: { readonly storage: Storage; readonly live: LiveEvents }) {}

  /** Subscribes to `keys` of the project; not_found for an unknown project, invalid for a key it cannot listen to. */
  async open(projectId: string, keys: readonly string[]): Promise<Result<LiveSubscription>> {
    const project = await this.deps.storage.projects.get(projectId);
    if (!project) return notFound('project');
    const wanted = [...new Set(keys.map((key) => key.trim()).filter((key) => key !== ''))];
    const errors: FieldError[] = [];
    if (wanted.length === 0) errors.push({ path: 'events', message: 'name at least one event, as in events=user_registered,form_submitted' });
    if (wanted.length > MAX_LISTENED_KEYS) errors.push({ path: 'events', message: `at most ${MAX_LISTENED_KEYS} events` });
    const forms = wanted.some((key) => key.startsWith('form_')) ? await this.deps.storage.forms.listForms(projectId) : [];
    for (const key of wanted) {
      const parsed = parseEventKey(key, forms);
      if (parsed.kind === 'error') errors.push({ path: 'events', message: parsed.message });
      else if (parsed.type.mode === 'interactive') {
        errors.push({ path: 'events', message: `${key} is interactive: the subscriber answers it while the user waits, which a listener cannot do; listen to notify events` });
      } else if (parsed.type.familyOnly && project.system !== 'family') {
        errors.push({ path: 'events', message: `${key} fires only in family systems, and this project is ${project.system}` });
      }
    }
    if (errors.length > 0) return invalid(errors);
    return ok(await this.deps.live.subscribe(projectId, wanted));
  }
}
