import type { ApiAnswer } from './api-client.js';
import type { ApiClient } from './api-client.js';
import { until } from './until.js';

/** A project with an API admin, as the operator creates them, and clients for its platform and its admin. */
export interface ProjectFixture {
  readonly id: string;
  /** `/v1/projects/<id>`. */
  readonly base: string;
  readonly system: 'individual' | 'family';
  readonly platformKey: string;
  readonly adminId: string;
  readonly apiKey: string;
  /** The service as the platform (the project's key). */
  readonly platform: ApiClient;
  /** The service as the API admin. */
  readonly admin: ApiClient;
}

/** A webhook as it was created: its id and signing secret, and where it points. */
export interface WebhookFixture {
  readonly id: string;
  readonly secret: string;
  readonly event: string;
  readonly url: string;
}

/** Fails with the whole answer unless it has `status`; answers its body. */
export function expectStatus<T>(answer: ApiAnswer<T>, status: number, what: string): T {
  if (answer.status !== status) throw new Error(`${what}: expected ${status}, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer.body;
}

let sequence = 0;
/** A fresh id for activities, interactions and users, unique in this process. */
export const uid = (prefix = 'a'): string => `${prefix}-${process.pid}-${(sequence += 1)}`;

/** Options of {@link createProject}. */
export interface ProjectOptions {
  readonly name?: string;
  readonly system?: 'individual' | 'family';
  readonly adminEmail?: string;
}

/** Creates a project and an API admin as `operator` (a client with the operator token). */
export async function createProject(operator: ApiClient, options: ProjectOptions = {}): Promise<ProjectFixture> {
  const system = options.system ?? 'individual';
  const project = expectStatus(await operator.post<{ id: string; platformKey: string }>('/v1/projects', { name: options.name ?? `Project ${uid('p')}`, system }), 201, 'create project');
  const base = `/v1/projects/${project.id}`;
  const admin = expectStatus(await operator.post<{ id: string; apiKey?: string }>(`${base}/admins`, { email: options.adminEmail ?? `${uid('admin')}@example.com`, apiAdmin: true }), 201, 'add API admin');
  if (admin.apiKey === undefined) throw new Error('the API admin came without an API key');
  return {
    id: project.id,
    base,
    system,
    platformKey: project.platformKey,
    adminId: admin.id,
    apiKey: admin.apiKey,
    platform: operator.as(project.platformKey),
    admin: operator.as(admin.apiKey),
  };
}

/** Declares a form as the platform. */
export async function putForm(project: ProjectFixture, formId: string, body: Record<string, unknown> = {}): Promise<void> {
  expectStatus(await project.platform.put(`${project.base}/forms/${formId}`, { name: `Form ${formId}`, audience: 'user', ...body }), 200, `put form ${formId}`);
}

/** Subscribes `url` to `event` as the API admin; `extra` goes into the request (description, timeoutMs, …). */
export async function createWebhook(project: ProjectFixture, event: string, url: string, extra: Record<string, unknown> = {}): Promise<WebhookFixture> {
  const created = expectStatus(await project.admin.post<{ id: string; secret: string }>(`${project.base}/webhooks`, { event, url, ...extra }), 201, `subscribe ${event}`);
  return { id: created.id, secret: created.secret, event, url };
}

/** Reports an activity as the platform (a fresh id, by the applicant, now, unless `activity` says otherwise); answers the raw answer. */
export function reportActivity(project: ProjectFixture, activity: Record<string, unknown>): Promise<ApiAnswer> {
  return project.platform.post(`${project.base}/activities`, { id: uid('act'), origin: 'applicant', occurredAt: new Date().toISOString(), ...activity });
}

/** A user as the platform describes one. */
export const user = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, username: `${id}@example.com`, ...extra });

/** Waits (bounded) until the project has no pending delivery, so that "nothing arrived" means nothing was sent. */
export async function settled(project: ProjectFixture, timeoutMs = 5_000): Promise<void> {
  const pending = async () => (await project.admin.get<{ items: unknown[] }>(`${project.base}/deliveries?status=pending&limit=1`)).body.items.length;
  await until(async () => (await pending()) === 0, `the pending deliveries of ${project.id} to be sent`, timeoutMs, 20);
}
