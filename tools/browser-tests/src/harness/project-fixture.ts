import type { ProjectFixture, Receiver } from '@webhooks/test-kit';
import { ApiClient, createProject, putForm } from '@webhooks/test-kit';

/** The forms every fixture project declares. */
const FIXTURE_FORMS = [
  { id: 'reg-1', name: 'Registration' },
  { id: 'medical', name: 'Medical details' },
] as const;

/** Creates a project and an API admin (the test kit's fixture) and declares the fixture forms. */
export async function createFixtureProject(apiUrl: string, operatorToken: string, name: string): Promise<ProjectFixture> {
  const project = await createProject(new ApiClient(apiUrl, operatorToken), { name, adminEmail: 'admin@example.com' });
  for (const form of FIXTURE_FORMS) await putForm(project, form.id, { name: form.name, mandatory: true });
  return project;
}

/** The body the receiver answers while failing, to find in the response excerpt. */
export const FAILURE_BODY = 'receiver failing on purpose';

/**
 * From now on the receiver answers every path 500 with `body` ({@link FAILURE_BODY} unless given)
 * (`true`), or an empty 200 (`false`); either with an `X-Receiver: browser-tests` header, to find
 * among the response headers an attempt shows.
 */
export function failing(receiver: Receiver, fail: boolean, body: string = FAILURE_BODY): void {
  const headers = { 'x-receiver': 'browser-tests' };
  receiver.behaveElsewhere(fail ? { kind: 'reply', status: 500, body, headers: { ...headers, 'content-type': 'text/plain' } } : { kind: 'reply', status: 200, headers });
}
