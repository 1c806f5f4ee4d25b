import type { RawAnswer } from './http-client.js';

/** The prefix of every problem `type` the service writes. */
const PROBLEM_TYPE_PREFIX = 'urn:webhooks:problem:';

/** Whether the dotted `path` names `field`: the field itself, its parent, or a field inside it. */
function namesField(path: string, field: string): boolean {
  if (path === field) return true;
  if (field === '' || path.startsWith(`${field}.`)) return true;
  const parent = field.includes('.') ? field.slice(0, field.lastIndexOf('.')) : '';
  return path === parent;
}

/**
 * What is wrong with an error answer, by the contract (RFC 9457 problem+json): its status is one
 * of `expect`; its content type is `application/problem+json`; its body has a `type` URN, a
 * `title`, the same `status`, and says what is wrong — a 422 lists `errors` ({ path, message }),
 * one naming `names` when given; any other problem has a `detail`. Empty when all is well.
 */
export function problemIssues(answer: RawAnswer, expect: readonly number[], names?: string): string[] {
  const issues: string[] = [];
  if (!expect.includes(answer.status)) issues.push(`status ${answer.status}, expected ${expect.join(' or ')}`);
  if (answer.status < 400) return issues;
  const type = String(answer.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) issues.push(`content-type "${type}"`);
  const body = answer.json as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null) return [...issues, `body is no JSON object: ${answer.text.slice(0, 120)}`];
  if (typeof body['type'] !== 'string' || !body['type'].startsWith(PROBLEM_TYPE_PREFIX)) issues.push(`type ${JSON.stringify(body['type'])}`);
  if (typeof body['title'] !== 'string' || body['title'] === '') issues.push('no title');
  if (body['status'] !== answer.status) issues.push(`body status ${JSON.stringify(body['status'])}`);
  if (answer.status === 422) {
    const errors = body['errors'];
    if (!Array.isArray(errors) || errors.length === 0) issues.push('a 422 without errors');
    else if (!errors.every((e: unknown) => typeof (e as { path?: unknown }).path === 'string' && typeof (e as { message?: unknown }).message === 'string')) issues.push('errors without path or message');
    else if (names !== undefined && !errors.some((e: { path: string }) => namesField(e.path, names))) issues.push(`errors ${JSON.stringify(errors).slice(0, 300)} do not name "${names}"`);
  } else if (answer.status !== 500 && (typeof body['detail'] !== 'string' || body['detail'] === '')) {
    issues.push('no detail');
  }
  return issues;
}
