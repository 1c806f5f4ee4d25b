import type { ProjectFixture, WebhookFixture } from '@webhooks/test-kit';
import { ApiClient, createProject, createWebhook, Receiver, serviceDatabase } from '@webhooks/test-kit';
import type { ApiApp } from '@webhooks/composition';
import { startTestApp } from '@webhooks/composition/testing';

export { uid } from '@webhooks/test-kit';

const OPERATOR = 'operator-token-for-e2e-tests';

/** Everything one end-to-end test file needs: the real app on a free port, a receiver, clients. */
export interface E2e {
  readonly app: ApiApp;
  readonly operator: ApiClient;
  readonly anonymous: ApiClient;
  readonly receiver: Receiver;
  /** Every log line the service wrote. */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** Starts the real api app (worker inside) on a fresh database, plus a real receiver. */
export async function startE2e(env: Record<string, string> = {}): Promise<E2e> {
  const database = await serviceDatabase('e2e');
  const started = await startTestApp({ OPERATOR_TOKEN: OPERATOR, ...database.env, ...env }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const { app, logs } = started;
  const receiver = await new Receiver().start();
  const anonymous = new ApiClient(started.url);
  return {
    app,
    operator: anonymous.as(OPERATOR),
    anonymous,
    receiver,
    logs,
    async stop() {
      await receiver.stop();
      await app.stop();
      await database.drop();
    },
  };
}

/** A project with an API admin, as the operator creates them (see the test kit's `createProject`). */
export function newProject(e2e: E2e, system: 'individual' | 'family' = 'individual'): Promise<ProjectFixture> {
  return createProject(e2e.operator, { system, adminEmail: 'admin@example.com' });
}

/** Subscribes a receiver path to an event and registers the secret with the receiver. */
export async function subscribe(e2e: E2e, project: ProjectFixture, event: string, path: string, extra: Record<string, unknown> = {}): Promise<WebhookFixture> {
  const hook = await createWebhook(project, event, e2e.receiver.url(path), extra);
  e2e.receiver.secret(path, hook.secret);
  return hook;
}
