/** The operator token the CLI tests start the service with. */
export const OPERATOR = 'operator-token-for-cli-tests';

/** Calls the service as `token`; answers the status and the parsed JSON body. */
export async function call(base: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A project with an API admin, made as the operator; its id and both keys. */
export async function newProject(base: string): Promise<{ readonly id: string; readonly platformKey: string; readonly apiKey: string }> {
  const project = await call(base, OPERATOR, 'POST', '/v1/projects', { name: 'CLI tests', system: 'individual' });
  if (project.status !== 201) throw new Error(`project: ${project.status} ${JSON.stringify(project.body)}`);
  const id = String(project.body['id']);
  const admin = await call(base, OPERATOR, 'POST', `/v1/projects/${id}/admins`, { email: 'admin@example.com', apiAdmin: true });
  if (admin.status !== 201) throw new Error(`admin: ${admin.status} ${JSON.stringify(admin.body)}`);
  return { id, platformKey: String(project.body['platformKey']), apiKey: String(admin.body['apiKey']) };
}

let sequence = 0;

/** Reports a registration of a new user (fires user_registered); answers the 202 body. */
export async function register(base: string, project: { readonly id: string; readonly platformKey: string }): Promise<Record<string, unknown>> {
  sequence += 1;
  const id = `reg-${process.pid}-${sequence}`;
  const answer = await call(base, project.platformKey, 'POST', `/v1/projects/${project.id}/activities`, {
    id,
    type: 'registered',
    origin: 'applicant',
    occurredAt: new Date().toISOString(),
    user: { id: `u-${id}`, username: `${id}@example.com` },
  });
  if (answer.status !== 202) throw new Error(`activity: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}
