import { ApiClient, createProject as createKitProject, uid } from '@webhooks/test-kit';
import type { RawAnswer } from './http-client.js';
import type { ServiceHandle } from './service.js';

/** A project as the suites set it up: its keys, admins, forms and webhooks. */
export interface ProjectFixture {
  readonly id: string;
  readonly base: string;
  readonly system: 'individual' | 'family';
  readonly platformKey: string;
  /** An API admin and its key. */
  readonly apiAdmin: { readonly id: string; readonly key: string };
  readonly webhooks: WebhookFixture[];
  readonly forms: string[];
}

/** A webhook with the secret it was created with (and any rotated in since). */
export interface WebhookFixture {
  readonly id: string;
  readonly event: string;
  readonly url: string;
  readonly path: string;
  secrets: string[];
}

export { uid, user } from '@webhooks/test-kit';

/** The answer's JSON body as a record. */
export function bodyOf(answer: RawAnswer): Record<string, unknown> {
  return typeof answer.json === 'object' && answer.json !== null ? (answer.json as Record<string, unknown>) : {};
}

/** Fails with the whole answer unless it has `status`. */
export function expectStatus(answer: RawAnswer, status: number, what: string): Record<string, unknown> {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${answer.text.slice(0, 500)}`);
  return bodyOf(answer);
}

/** Creates a project with one API admin, as the operator (the test kit's `createProject`, through the suite's raw client). */
export async function createProject(svc: ServiceHandle, system: 'individual' | 'family' = 'individual', name = `Project ${uid('p')}`): Promise<ProjectFixture> {
  const project = await createKitProject(new ApiClient(svc.url, svc.operatorToken, svc.http.transport), { name, system });
  return { id: project.id, base: project.base, system, platformKey: project.platformKey, apiAdmin: { id: project.adminId, key: project.apiKey }, webhooks: [], forms: [] };
}

/** Adds an admin as the operator; an API admin comes with its key. */
export async function addAdmin(svc: ServiceHandle, projectId: string, apiAdmin: boolean, email = `${uid('admin')}@example.com`): Promise<{ id: string; key: string | null }> {
  const admin = expectStatus(await svc.http.json('POST', `/v1/projects/${projectId}/admins`, svc.operatorToken, { email, apiAdmin }), 201, 'add admin');
  return { id: String(admin['id']), key: typeof admin['apiKey'] === 'string' ? admin['apiKey'] : null };
}

/** Declares a form as the platform. */
export async function putForm(svc: ServiceHandle, project: ProjectFixture, formId: string, audience: 'user' | 'parent' | 'child' = 'user'): Promise<void> {
  expectStatus(await svc.http.json('PUT', `${project.base}/forms/${formId}`, project.platformKey, { name: `Form ${formId}`, audience }), 200, 'put form');
  project.forms.push(formId);
}

/** Subscribes a receiver path to an event as the API admin; the receiver verifies with its secret. */
export async function subscribe(svc: ServiceHandle, project: ProjectFixture, event: string, path: string, extra: Record<string, unknown> = {}): Promise<WebhookFixture> {
  const url = svc.receiver.url(path);
  const created = expectStatus(await svc.http.json('POST', `${project.base}/webhooks`, project.apiAdmin.key, { event, url, ...extra }), 201, `subscribe ${event}`);
  const hook: WebhookFixture = { id: String(created['id']), event, url, path, secrets: [String(created['secret'])] };
  svc.receiver.secret(path, ...hook.secrets);
  project.webhooks.push(hook);
  return hook;
}

/** Reports an activity as the platform; answers the raw answer (the caller judges it). */
export function report(svc: ServiceHandle, project: ProjectFixture, activity: Record<string, unknown>): Promise<RawAnswer> {
  return svc.http.json('POST', `${project.base}/activities`, project.platformKey, {
    id: uid('act'),
    origin: 'applicant',
    occurredAt: new Date().toISOString(),
    ...activity,
  });
}

/** Every item of a paginated list, following `nextCursor`. */
export async function listAll(svc: ServiceHandle, path: string, token: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page += 1) {
    const sep = path.includes('?') ? '&' : '?';
    const answer = await svc.http.json('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    const body = expectStatus(answer, 200, `list ${path}`);
    items.push(...(body['items'] as Record<string, unknown>[]));
    cursor = typeof body['nextCursor'] === 'string' ? body['nextCursor'] : null;
    if (!cursor) return items;
  }
  throw new Error(`list ${path}: more than 1000 pages`);
}

/** Waits until the project has no pending delivery (bounded). */
export async function settled(svc: ServiceHandle, project: ProjectFixture, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const page = expectStatus(await svc.http.json('GET', `${project.base}/deliveries?status=pending&limit=1`, project.apiAdmin.key), 200, 'pending deliveries');
    if ((page['items'] as unknown[]).length === 0) return;
    if (Date.now() > deadline) throw new Error(`deliveries of ${project.id} still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
