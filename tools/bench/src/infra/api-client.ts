import { loginActivity } from '../bodies.js';
import type { BenchDatabase, EventTemplate } from './database.js';

/** The project the bench sets up through the public API, and the keys it was given. */
export interface BenchProject {
  readonly projectId: string;
  readonly platformKey: string;
  readonly apiKey: string;
  readonly formId: string;
  /** login_success → the receiver's /hooks. */
  readonly hookId: string;
  readonly hookSecret: string;
  /** form_preprocess → the receiver's /interactive. */
  readonly interactiveId: string;
  readonly interactiveSecret: string;
}

async function call<T>(base: string, method: string, path: string, token: string, body?: unknown, expect = [200, 201]): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!expect.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/**
 * Creates, through the API as its callers would: a project (operator), an API admin (operator;
 * without one deliveries are held), a form (platform), and two webhooks (API admin) to the receiver.
 */
export async function setUpProject(api: string, operatorToken: string, receiverOrigin: string): Promise<BenchProject> {
  const project = await call<{ id: string; platformKey: string }>(api, 'POST', '/v1/projects', operatorToken, { name: 'Bench camp', system: 'individual' });
  const admin = await call<{ apiKey?: string }>(api, 'POST', `/v1/projects/${project.id}/admins`, operatorToken, { email: 'bench@example.com', apiAdmin: true });
  if (!admin.apiKey) throw new Error('the API admin came without an API key');
  const formId = 'f-bench';
  await call(api, 'PUT', `/v1/projects/${project.id}/forms/${formId}`, project.platformKey, { name: 'Registration', audience: 'user', mandatory: true });
  const hook = await call<{ id: string; secret: string }>(api, 'POST', `/v1/projects/${project.id}/webhooks`, admin.apiKey, {
    event: 'login_success',
    url: `${receiverOrigin}/hooks`,
    description: 'bench receiver',
  });
  const interactive = await call<{ id: string; secret: string }>(api, 'POST', `/v1/projects/${project.id}/webhooks`, admin.apiKey, {
    event: 'form_preprocess',
    url: `${receiverOrigin}/interactive`,
    description: 'bench receiver (interactive)',
  });
  return {
    projectId: project.id,
    platformKey: project.platformKey,
    apiKey: admin.apiKey,
    formId,
    hookId: hook.id,
    hookSecret: hook.secret,
    interactiveId: interactive.id,
    interactiveSecret: interactive.secret,
  };
}

/** Reports one activity as the platform; returns the HTTP status. */
export async function postActivity(api: string, project: BenchProject, body: string): Promise<number> {
  const res = await fetch(`${api}/v1/projects/${project.projectId}/activities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${project.platformKey}`, 'content-type': 'application/json' },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/**
 * An event the service itself wrote, to copy into a backlog: one login activity through the API
 * (the api must run without a worker), then taken out of the tables again.
 */
export async function captureTemplate(bench: { api: { url: string } | null; project: BenchProject; db: BenchDatabase }): Promise<EventTemplate> {
  if (!bench.api) throw new Error('the api is not running');
  const id = `template-${Date.now()}`;
  const status = await postActivity(bench.api.url, bench.project, loginActivity(id));
  if (status !== 202) throw new Error(`template activity: ${status}`);
  return bench.db.takeTemplate(id);
}
