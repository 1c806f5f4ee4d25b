import { expect } from '@jest/globals';
import type { Activity, Origin, UserRef } from '../model/activity.js';
import type { SystemKind } from '../model/project.js';
import type { Result } from '../model/result.js';
import { createInMemoryService } from '../testing/in-memory-service.js';
import type { InMemoryService } from '../testing/in-memory-service.js';

/** The value of an ok result; fails the test otherwise. */
export function must<T>(result: Result<T>): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

/** A service with one project and one active API admin. */
export async function projectWithAdmin(system: SystemKind = 'individual', overrides: Parameters<typeof createInMemoryService>[0] = {}) {
  const service = createInMemoryService(overrides);
  const { project, platformKey } = must(await service.projects.createProject({ name: 'Summer camp', system }));
  const { admin, apiKey } = must(await service.projects.addAdmin(project.id, { email: 'ADMIN@example.com', apiAdmin: true }));
  return { service, project, platformKey, admin, apiKey: apiKey ?? '' };
}

/** A user as the platform describes one. */
export const user = (id: string, extra: Partial<UserRef> = {}): UserRef => ({ id, username: `${id}@example.com`, ...extra });

let counter = 0;
/** A fresh activity id. */
export const nextId = () => `act-${(counter += 1)}`;

/** An activity without the fields `report` fills in. */
type ActivityInput = Activity extends infer A ? (A extends Activity ? Omit<A, 'id' | 'origin' | 'occurredAt'> & { id?: string; origin?: Origin } : never) : never;

/** Reports an activity (origin applicant unless said). */
export async function report(service: InMemoryService, projectId: string, activity: ActivityInput) {
  const full = { id: nextId(), origin: 'applicant', occurredAt: service.clock.now(), ...activity } as Activity;
  return must(await service.reportActivity.execute(projectId, full));
}

/** Subscribes `url` to `event`. */
export async function subscribe(service: InMemoryService, projectId: string, event: string, url: string, extra: Record<string, unknown> = {}) {
  return must(await service.webhooks.create(projectId, { event, url, ...extra }));
}

/** Runs the worker until nothing is due now. */
export async function drain(service: InMemoryService): Promise<number> {
  let total = 0;
  for (let n = await service.worker.runOnce(); n > 0; n = await service.worker.runOnce()) total += n;
  return total;
}

/** Bodies sent to `url`, parsed. */
export const bodiesTo = (service: InMemoryService, url: string) =>
  service.transport.sentTo(url).map((r) => JSON.parse(r.body) as Record<string, unknown>);

/** Asserts an invalid result names `path`. */
export function expectInvalid(result: Result<unknown>, path: string): void {
  expect(result.kind).toBe('invalid');
  if (result.kind === 'invalid') expect(result.errors.map((e) => e.path)).toContain(path);
}
