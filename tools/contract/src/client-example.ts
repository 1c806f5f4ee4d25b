import { createWebhooksClient } from '@webhooks/client';
import type { Decision, EventPayload } from '@webhooks/client';

const platform = createWebhooksClient({ baseUrl: 'http://127.0.0.1:8080', token: process.env['PLATFORM_KEY'] });
const projectId = process.env['PROJECT_ID'] ?? 'prj_…';

/** Reports an activity: 202 { activityId, events: [{ key, deliveries, suppressed? }] }. */
export async function registered(userId: string, username: string) {
  const reported = await platform.POST('/v1/projects/{projectId}/activities', {
    params: { path: { projectId } },
    body: { id: `reg-${userId}`, type: 'registered', origin: 'applicant', occurredAt: new Date().toISOString(), user: { id: userId, username } },
  });
  if (reported.error) throw new Error(reported.error.detail); // the problem+json body, typed
  return reported.data.events;
}

/** An interactive call: the decision to apply to the user's form before it is processed. */
export async function beforeSubmit(submissionId: string, doc: Record<string, unknown>): Promise<Decision> {
  const { data, error } = await platform.POST('/v1/projects/{projectId}/forms/{formId}/preprocess', {
    params: { path: { projectId, formId: '42' } },
    body: { id: submissionId, origin: 'applicant', user: { id: 'u1', username: 'ada@example.com' }, doc },
  });
  if (error) throw new Error(error.detail);
  return data; // { proceed, messages, patch, focusOn?, redirect?, failures, conflicts }
}

/** On the receiving side: the payload of an event, typed by the document's `webhooks` section. */
export function greet(payload: EventPayload<'user_registered'>): string {
  return `welcome ${payload.user_info.username} to ${payload.meta_info.project_name}`;
}

/** Per-form events are named by their pattern: `form_submit_*` carries `form_info` and `doc`. */
export const formOf = (payload: EventPayload<'form_submit_*'>): string => payload.form_info.id;
