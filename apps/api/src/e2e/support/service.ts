import type { ApiApp } from '@webhooks/composition';
import { Receiver, startTestApp } from '@webhooks/composition/testing';
import { ApiClient } from './client.js';
import { freshDatabase } from './database.js';

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
  const database = await freshDatabase();
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

/** A project with an API admin, as the operator creates them; clients for the platform and the admin. */
export async function newProject(e2e: E2e, system: 'individual' | 'family' = 'individual') {
  const project = await e2e.operator.post<{ id: string; platformKey: string }>('/v1/projects', { name: `Project ${Math.random()}`, system });
  if (project.status !== 201) throw new Error(`project: ${project.status} ${JSON.stringify(project.body)}`);
  const admin = await e2e.operator.post<{ id: string; apiKey: string }>(`/v1/projects/${project.body.id}/admins`, { email: 'admin@example.com', apiAdmin: true });
  if (admin.status !== 201) throw new Error(`admin: ${admin.status} ${JSON.stringify(admin.body)}`);
  const base = `/v1/projects/${project.body.id}`;
  return {
    id: project.body.id,
    base,
    adminId: admin.body.id,
    platform: e2e.anonymous.as(project.body.platformKey),
    admin: e2e.anonymous.as(admin.body.apiKey),
    platformKey: project.body.platformKey,
    apiKey: admin.body.apiKey,
  };
}

/** Subscribes a receiver path to an event and registers the secret with the receiver. */
export async function subscribe(e2e: E2e, project: Awaited<ReturnType<typeof newProject>>, event: string, path: string, extra: Record<string, unknown> = {}) {
  const created = await project.admin.post<{ id: string; secret: string }>(`${project.base}/webhooks`, { event, url: e2e.receiver.url(path), ...extra });
  if (created.status !== 201) throw new Error(`webhook: ${created.status} ${JSON.stringify(created.body)}`);
  e2e.receiver.secret(path, created.body.secret);
  return created.body;
}

let sequence = 0;
/** A fresh id for activities and interactions. */
export const uid = (prefix = 'a') => `${prefix}-${process.pid}-${(sequence += 1)}`;
