import type { ProjectFixture } from '@webhooks/test-kit';
import { ApiClient, createProject, expectStatus, uid } from '@webhooks/test-kit';

/** The operator token the CLI tests start the service with. */
export const OPERATOR = 'operator-token-for-cli-tests';

/** Calls the service at `base` as `token`; answers the status and the parsed JSON body. */
export function call(base: string, token: string, method: string, path: string, body?: unknown) {
  return new ApiClient(base, token).call(method, path, body);
}

/** A project with an API admin, made as the operator. */
export function newProject(base: string): Promise<ProjectFixture> {
  return createProject(new ApiClient(base, OPERATOR), { name: 'CLI tests', adminEmail: 'admin@example.com' });
}

/** Reports to the service at `base` a registration of a new user (fires user_registered); answers the 202 body. */
export async function register(base: string, project: Pick<ProjectFixture, 'base' | 'platformKey'>): Promise<Record<string, unknown>> {
  const id = uid('reg');
  const answer = await new ApiClient(base, project.platformKey).post(`${project.base}/activities`, {
    id,
    type: 'registered',
    origin: 'applicant',
    occurredAt: new Date().toISOString(),
    user: { id: `u-${id}`, username: `${id}@example.com` },
  });
  return expectStatus(answer, 202, 'activity');
}
