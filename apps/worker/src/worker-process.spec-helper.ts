import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProjectAdministration, ReportActivity, WebhookAdministration } from '@webhooks/domain';
import type { StorageHandle } from '@webhooks/storage-postgres';
import type { Container } from 'inversify';
import { USE_CASES, createServiceContainer, readConfig } from '@webhooks/composition';
import { pino } from 'pino';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * Starts `apps/worker` as its own process on `databaseUrl`, with plain-http local targets allowed
 * and `env` on top; its output is the test's, or piped to read (`output: 'pipe'`).
 */
export function startWorkerProcess(databaseUrl: string, env: Readonly<Record<string, string>>, output: 'inherit' | 'pipe' = 'inherit'): ChildProcess {
  return spawn(process.execPath, ['--conditions=@webhooks/source', '--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: databaseUrl,
      ALLOW_HTTP_TARGETS: 'true',
      ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', output, 'inherit'],
  });
}

/** Waits until `check` holds, polling every `everyMs`; throws naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

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
