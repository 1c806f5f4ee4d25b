import { ApiClient, createProject, createWebhook, putForm } from '@webhooks/test-kit';
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

/**
 * Creates, through the API as its callers would (the test kit's fixtures): a project and an API
 * admin (operator; without one deliveries are held), a form (platform), and two webhooks (API
 * admin) to the receiver.
 */
export async function setUpProject(api: string, operatorToken: string, receiverOrigin: string): Promise<BenchProject> {
  const project = await createProject(new ApiClient(api, operatorToken), { name: 'Bench camp', adminEmail: 'bench@example.com' });
  const formId = 'f-bench';
  await putForm(project, formId, { name: 'Registration', mandatory: true });
  const hook = await createWebhook(project, 'login_success', `${receiverOrigin}/hooks`, { description: 'bench receiver' });
  const interactive = await createWebhook(project, 'form_preprocess', `${receiverOrigin}/interactive`, { description: 'bench receiver (interactive)' });
  return {
    projectId: project.id,
    platformKey: project.platformKey,
    apiKey: project.apiKey,
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
