/** A project made for a test file through the HTTP API, with an API admin and forms. */
export interface ProjectFixture {
  readonly projectId: string;
  readonly apiKey: string;
  readonly platformKey: string;
  readonly forms: readonly { readonly id: string; readonly name: string }[];
}

/** The forms every fixture project declares. */
export const FIXTURE_FORMS = [
  { id: 'reg-1', name: 'Registration' },
  { id: 'medical', name: 'Medical details' },
] as const;

async function call<T>(url: string, token: string, method: string, body: unknown): Promise<T> {
  const response = await fetch(url, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Creates a project (operator), an API admin (operator) and the fixture forms (platform). */
export async function createProject(apiUrl: string, operatorToken: string, name: string): Promise<ProjectFixture> {
  const project = await call<{ id: string; platformKey: string }>(`${apiUrl}/v1/projects`, operatorToken, 'POST', { name, system: 'individual' });
  const admin = await call<{ apiKey?: string }>(`${apiUrl}/v1/projects/${project.id}/admins`, operatorToken, 'POST', { email: 'admin@example.com', apiAdmin: true });
  if (admin.apiKey === undefined) throw new Error('the API admin was created without an API key');
  for (const form of FIXTURE_FORMS) {
    await call(`${apiUrl}/v1/projects/${project.id}/forms/${form.id}`, project.platformKey, 'PUT', { name: form.name, audience: 'user', mandatory: true });
  }
  return { projectId: project.id, apiKey: admin.apiKey, platformKey: project.platformKey, forms: FIXTURE_FORMS };
}
