import type { TestProcess } from '@webhooks/test-kit';
import { startWorkerProcess as startKitWorker } from '@webhooks/test-kit';
import type { ProjectAdministration, ReportActivity, WebhookAdministration } from '@webhooks/domain';
import type { StorageHandle } from '@webhooks/storage-postgres';
import type { Container } from 'inversify';
import { USE_CASES, createServiceContainer, readConfig } from '@webhooks/composition';
import { pino } from 'pino';

/**
 * Starts `apps/worker` as its own process on `databaseUrl` (the test kit's service environment, at
 * log level warn, and `env` on top); what it prints is kept on the process.
 */
export function startWorkerProcess(databaseUrl: string, env: Readonly<Record<string, string>>): TestProcess {
  return startKitWorker({ env: { LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl, ...env } });
}

export { until } from '@webhooks/test-kit';

/**
 * The service's use cases over `storage` (as the api runs them), a project with an API admin and
 * one `login_success` webhook to `url`; `login(id)` reports a login that queues one delivery.
 */
export async function projectWithHook(storage: StorageHandle, databaseUrl: string, name: string, url: string, timeoutMs?: number) {
  const config = readConfig({ DATABASE_URL: databaseUrl, ALLOW_HTTP_TARGETS: 'true', ALLOW_PRIVATE_TARGETS: 'true' });
  const container: Container = createServiceContainer(config, storage, pino({ level: 'silent' }));
  const projects = container.get<ProjectAdministration>(USE_CASES.ProjectAdministration);
  const created = await projects.createProject({ name, system: 'individual' });
  if (created.kind !== 'ok') throw new Error('project');
  const projectId = created.value.project.id;
  await projects.addAdmin(projectId, { email: 'a@example.com', apiAdmin: true });
  const hook = await container
    .get<WebhookAdministration>(USE_CASES.WebhookAdministration)
    .create(projectId, { event: 'login_success', url, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  if (hook.kind !== 'ok') throw new Error(JSON.stringify(hook));
  const report = container.get<ReportActivity>(USE_CASES.ReportActivity);
  const login = (id: string) =>
    report.execute(projectId, { id: `login-${id}`, type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date(), user: { id: `u${id}`, username: `u${id}` } });
  return { container, projectId, login };
}
