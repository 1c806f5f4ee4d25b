import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openApiDocument } from '@webhooks/http-koa';
import type { Caller, OpenApiDoc, Operation } from './fuzz/openapi-operations.js';
import { fillPath, operationsOf } from './fuzz/openapi-operations.js';
import type { WebhookFixture } from './support/fixtures.js';
import { addAdmin, createProject, expectStatus, listAll, subscribe, uid, user } from './support/fixtures.js';
import { writeFigures } from './support/figures.js';
import type { RawAnswer } from './support/http-client.js';
import { problemIssues } from './support/problem.js';
import type { Service } from './support/service.js';
import { startService } from './support/service.js';
import type { ReadableState, TableDigest } from './support/snapshot.js';
import { databaseDigest, readableState } from './support/snapshot.js';
import type { RichProject } from './support/world.js';
import { richProject } from './support/world.js';

const DOC = openApiDocument() as unknown as OpenApiDoc;
const OPERATIONS = operationsOf(DOC);

/** Who calls: one row of the table per credential (a family of malformed headers counts as one credential). */
type Credential = 'none' | 'malformed' | 'revoked' | 'operator' | 'platform' | 'apiAdmin' | 'plainAdmin' | 'otherPlatform' | 'otherApiAdmin';
const CREDENTIALS: readonly Credential[] = ['none', 'malformed', 'revoked', 'operator', 'platform', 'apiAdmin', 'plainAdmin', 'otherPlatform', 'otherApiAdmin'];

/** A request a route's right caller gets 2xx for: the path under project A and a body. */
interface Prepared {
  readonly path: string;
  readonly body?: unknown;
  /**
   * Where the right caller is sent instead, for routes that would take project A away from the
   * other tests (deleting it, rotating its platform key): a project made for this route alone.
   */
  readonly ownPath?: string;
}

const startedAt = new Date();
let svc: Service;
let a: RichProject;
let b: RichProject;
/** Authorization header values per credential (several for the malformed and revoked families). */
let headers: Record<Credential, (string | undefined)[]>;
/** What each route is called on, prepared before any call (fresh things for the routes that change or remove them). */
const prepared = new Map<string, Prepared>();
/** route → credential → statuses answered. */
const matrix: Record<string, Partial<Record<Credential, number[]>>> = {};
const answers: { credential: Credential; operationId: string; answer: RawAnswer }[] = [];
let before: { state: ReadableState; digest: TableDigest | null };
const figures = { routes: OPERATIONS.length, credentials: CREDENTIALS.length, headerVariants: 0, malformedHeaders: 0, revokedKeys: 0, calls: 0, mismatches: [] as string[], leaks: [] as string[], matrix };

/** What the contract says `credential` gets on a route for `caller`: the success status, 401, 403 or 404. */
function expected(op: Operation, credential: Credential): number {
  if (op.caller === 'anyone') return op.success;
  const scoped = op.pathParams.some((p) => p.name === 'projectId');
  switch (credential) {
    case 'none':
    case 'malformed':
    case 'revoked':
      return 401;
    case 'otherPlatform':
    case 'otherApiAdmin':
      return scoped ? 404 : 403;
    case 'plainAdmin':
      return 403;
    case 'operator':
    case 'platform':
    case 'apiAdmin':
      return credential === op.caller ? op.success : 403;
  }
}

/** A webhook of project A just for one route (so changing, rotating or deleting it touches nothing else). */
const freshHook = (tag: string): Promise<WebhookFixture> => subscribe(svc, a, 'login_success', `/ac/${tag}/${uid('h')}`);

/** The request each route is called with; every route of the document must have one. */
async function prepare(op: Operation): Promise<Prepared> {
  const path = (params: Record<string, string> = {}) => fillPath(op.template, { projectId: a.id, ...params });
  switch (op.operationId) {
    case 'health':
    case 'ready':
    case 'metrics':
    case 'listEventTypes':
    case 'openApi':
    case 'getProject':
    case 'listForms':
    case 'listWebhooks':
    case 'listProjectEventTypes':
    case 'listDeliveries':
    case 'countDeliveries':
    case 'getWebhookStats':
      return { path: path() };
    case 'createProject':
      return { path: path(), body: { name: `Access ${uid()}`, system: 'family' } };
    case 'addAdmin':
      return { path: path(), body: { email: `${uid('new')}@example.com`, apiAdmin: false } };
    case 'deleteProject':
    case 'rotatePlatformKey':
      return { path: path(), ownPath: path({ projectId: (await createProject(svc)).id }) };
    case 'rotateAdminKey':
      return { path: path({ adminId: (await addAdmin(svc, a.id, true)).id }) };
    case 'changeAdmin':
      return { path: path({ adminId: (await addAdmin(svc, a.id, false)).id }), body: { apiAdmin: true } };
    case 'removeAdmin':
      return { path: path({ adminId: (await addAdmin(svc, a.id, false)).id }) };
    case 'putForm':
      return { path: path({ formId: uid('form').replace(/\W/g, '_') }), body: { name: 'A form', audience: 'user' } };
    case 'deleteForm': {
      // A form of its own, used by nothing (not listed among the project's forms: nothing else relies on it).
      const formId = uid('gone').replace(/\W/g, '_');
      expectStatus(await svc.http.json('PUT', `${a.base}/forms/${formId}`, a.platformKey, { name: 'Deleted by its platform', audience: 'user' }), 200, 'put form');
      return { path: path({ formId }) };
    }
    case 'listTriggers':
      return { path: path() };
    case 'deleteTrigger': {
      const triggerId = uid('gone').replace(/\W/g, '_');
      expectStatus(await svc.http.json('PUT', `${a.base}/triggers/${triggerId}`, a.platformKey, { on: { type: 'child_created' }, addForms: [a.forms[0]] }), 200, 'put trigger');
      return { path: path({ triggerId }) };
    }
    case 'putTrigger':
      return { path: path({ triggerId: uid('trig').replace(/\W/g, '_') }), body: { on: { type: 'account_created' }, addForms: [a.forms[0]] } };
    case 'reportActivity':
      return { path: path(), body: { id: uid('act'), type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: user('u-access') } };
    case 'formLoad':
    case 'formPreprocess':
      return { path: path({ formId: a.forms[0] ?? '' }), body: { id: uid('i'), origin: 'applicant', user: user('u-access'), doc: { a: 1 } } };
    case 'listUserForms':
      return { path: path({ userId: a.userId }) };
    case 'formSubmissions':
      return { path: path({ formId: a.forms[0] ?? '' }), body: { id: uid('i'), origin: 'applicant', user: user('u-access'), doc: { a: 1 }, complete: true } };
    case 'createWebhook':
      return { path: path(), body: { event: 'user_registered', url: svc.receiver.url(`/ac/create/${uid('h')}`) } };
    case 'getWebhook':
      return { path: path({ webhookId: a.webhooks[0]?.id ?? '' }) };
    case 'changeWebhook':
      return { path: path({ webhookId: (await freshHook('change')).id }), body: { description: 'changed by its API admin' } };
    case 'deleteWebhook':
    case 'rotateWebhookSecret':
    case 'testWebhook':
      return { path: path({ webhookId: (await freshHook(op.operationId)).id }) };
    case 'resendFailedDeliveries':
      return { path: path(), body: { since: new Date(Date.now() - 3600_000).toISOString() } };
    case 'getDelivery':
      return { path: path({ deliveryId: a.deliveryIds[0] ?? '' }) };
    case 'resendDelivery': {
      // A delivery the resend rules allow (interactive calls' records are refused with 409).
      const page = expectStatus(await svc.http.json('GET', `${a.base}/deliveries?event=login_success&limit=1`, a.apiAdmin.key), 200, 'deliveries');
      return { path: path({ deliveryId: String((page['items'] as { id: string }[])[0]?.id) }) };
    }
    case 'listenToEvents':
      return { path: `${path()}?events=user_registered` };
    default:
      throw new Error(`no request prepared for ${op.operationId} (${op.method} ${op.template}): add one, so the route is checked`);
  }
}

async function call(op: Operation, credential: Credential, authorization: string | undefined, rightCaller = false): Promise<RawAnswer> {
  const target = prepared.get(op.operationId);
  if (!target) throw new Error(`not prepared: ${op.operationId}`);
  const h: Record<string, string> = {};
  if (authorization !== undefined) h['authorization'] = authorization;
  if (target.body !== undefined) h['content-type'] = 'application/json';
  const path = rightCaller ? (target.ownPath ?? target.path) : target.path;
  const answer = await svc.http.send({ method: op.method, path, headers: h, ...(target.body === undefined ? {} : { body: JSON.stringify(target.body) }) });
  figures.calls += 1;
  ((matrix[op.operationId] ??= {})[credential] ??= []).push(answer.status);
  answers.push({ credential, operationId: op.operationId, answer });
  return answer;
}

/** Every id, key and secret of a project, as the suite saw them. */
async function secretsOf(project: RichProject): Promise<string[]> {
  const deliveries = await listAll(svc, `${project.base}/deliveries`, project.apiAdmin.key);
  return [
    project.id,
    project.platformKey,
    project.apiAdmin.key,
    project.apiAdmin.id,
    project.spareAdminId,
    ...project.webhooks.flatMap((w) => [w.id, ...w.secrets]),
    ...deliveries.flatMap((d) => [String(d['id']), String(d['eventId'])]),
  ].filter((s) => s.length > 8);
}

beforeAll(async () => {
  svc = await startService({ suite: 'access_control' });
  a = await richProject(svc, 'pa');
  b = await richProject(svc, 'pb');
  const deactivated = await addAdmin(svc, a.id, true);
  expectStatus(await svc.http.json('PATCH', `${a.base}/admins/${deactivated.id}`, svc.operatorToken, { active: false }), 200, 'deactivate');
  const removed = await addAdmin(svc, a.id, true);
  expectStatus(await svc.http.json('DELETE', `${a.base}/admins/${removed.id}`, svc.operatorToken), 204, 'remove');
  // Keys replaced: an admin's rotated out, a project's platform key rotated out, and the key of an
  // admin deactivated then re-activated (which is given a new one).
  const rotated = await addAdmin(svc, a.id, true);
  expectStatus(await svc.http.json('POST', `${a.base}/admins/${rotated.id}/rotate-key`, svc.operatorToken), 200, 'rotate admin key');
  const rotatedProject = await createProject(svc);
  expectStatus(await svc.http.json('POST', `${rotatedProject.base}/rotate-platform-key`, svc.operatorToken), 200, 'rotate platform key');
  const revived = await addAdmin(svc, a.id, true);
  expectStatus(await svc.http.json('PATCH', `${a.base}/admins/${revived.id}`, svc.operatorToken, { active: false }), 200, 'deactivate');
  expectStatus(await svc.http.json('PATCH', `${a.base}/admins/${revived.id}`, svc.operatorToken, { active: true }), 200, 're-activate');
  const plain = await addAdmin(svc, a.id, true);
  expectStatus(await svc.http.json('PATCH', `${a.base}/admins/${plain.id}`, svc.operatorToken, { apiAdmin: false }), 200, 'demote');
  const bearer = (token: string | null) => (token ? `Bearer ${token}` : undefined);
  headers = {
    none: [undefined],
    malformed: [
      '',
      'Bearer',
      'Bearer ',
      `Basic ${Buffer.from('operator:secret').toString('base64')}`,
      `Token ${a.platformKey}`,
      `Bearer ${a.platformKey}x`,
      `Bearer pk_${'A'.repeat(43)}`,
      `Bearer ak_${'A'.repeat(43)}`,
      `Bearer ${svc.operatorToken.toUpperCase()}`,
      `Bearer ${a.apiAdmin.key} ${a.apiAdmin.key}`,
      `Bearer ${'x'.repeat(600)}`,
      `Bearer ${a.platformKey.slice(0, -1)}`,
      `Bearer\t${a.apiAdmin.key}`,
      `Bearer ${Buffer.from('ключ', 'utf8').toString('latin1')}`,
      'Bearer %00',
    ],
    revoked: [bearer(deactivated.key), bearer(removed.key), bearer(rotated.key), bearer(rotatedProject.platformKey), bearer(revived.key)],
    operator: [bearer(svc.operatorToken)],
    platform: [bearer(a.platformKey)],
    apiAdmin: [bearer(a.apiAdmin.key)],
    plainAdmin: [bearer(plain.key)],
    otherPlatform: [bearer(b.platformKey)],
    otherApiAdmin: [bearer(b.apiAdmin.key)],
  };
  figures.headerVariants = Object.values(headers).reduce((n, list) => n + list.length, 0);
  figures.malformedHeaders = headers.malformed.length;
  figures.revokedKeys = headers.revoked.length;
  for (const op of OPERATIONS) prepared.set(op.operationId, await prepare(op));
  before = { state: await readableState(svc, a), digest: svc.database?.url ? await databaseDigest(svc.database.url) : null };
}, 60_000);

afterAll(async () => {
  writeFigures('access-control', startedAt, svc?.database?.kind ?? 'none', figures);
  await svc?.stop();
});

describe('who may do what, on every route', () => {
  describe('when every route is called with every credential but the right one', () => {
    it.each(OPERATIONS.map((op) => [`${op.method} ${op.template}`, op] as const))('should answer %s as the contract says: 401 unknown, 403 wrong role, 404 other project', async (_, op: Operation) => {
      const wrong = CREDENTIALS.filter((c) => !(op.caller !== 'anyone' && c === op.caller));
      for (const credential of wrong) {
        for (const header of headers[credential]) {
          const answer = await call(op, credential, header);
          const want = expected(op, credential);
          const issues = want < 400 ? (answer.status === want ? [] : [`status ${answer.status}`]) : problemIssues(answer, [want]);
          if (want === 401 && !String(answer.headers['www-authenticate'] ?? '').startsWith('Bearer')) issues.push('401 without WWW-Authenticate: Bearer');
          if (issues.length > 0) figures.mismatches.push(`${op.operationId} as ${credential} (${JSON.stringify(header)?.slice(0, 40)}): ${issues.join('; ')}`);
        }
      }
      expect(figures.mismatches.filter((m) => m.startsWith(`${op.operationId} `))).toEqual([]);
    });

    it('should have changed nothing a valid caller can read, nor any table', async () => {
      expect(await readableState(svc, a)).toEqual(before.state);
      if (svc.database?.url && before.digest) expect(await databaseDigest(svc.database.url)).toEqual(before.digest);
    });
  });

  describe('when every route is called by its right caller', () => {
    it.each(OPERATIONS.filter((op) => op.caller !== 'anyone').map((op) => [`${op.method} ${op.template}`, op] as const))('should answer %s with its success status', async (_, op: Operation) => {
      const caller = op.caller as Exclude<Caller, 'anyone'>;
      const answer = await call(op, caller, headers[caller][0], true);
      expect([op.operationId, answer.status, answer.status === op.success ? '' : answer.text.slice(0, 200)]).toEqual([op.operationId, op.success, '']);
    });
  });

  describe("when a right caller names another project's resource under its own project", () => {
    const crossing = OPERATIONS.filter((op) => op.method !== 'PUT' && op.caller !== 'anyone' && op.pathParams.some((p) => p.name !== 'projectId'));
    let bState: ReadableState;
    beforeAll(async () => {
      bState = await readableState(svc, b);
    });

    it.each(crossing.map((op) => [`${op.method} ${op.template}`, op] as const))('should answer %s with 404', async (_, op: Operation) => {
      const ids: Record<string, string> = {
        projectId: a.id,
        webhookId: b.webhooks[0]?.id ?? '',
        deliveryId: b.deliveryIds[0] ?? '',
        adminId: b.spareAdminId,
        formId: b.forms[0] ?? '',
        triggerId: b.triggerId,
        userId: b.userId,
      };
      const target = prepared.get(op.operationId);
      const caller = op.caller as Exclude<Caller, 'anyone'>;
      const h: Record<string, string> = { authorization: headers[caller][0] ?? '' };
      if (target?.body !== undefined) h['content-type'] = 'application/json';
      // A fresh interaction id: a repeated one answers its first decision whatever the form.
      const body = target?.body === undefined ? undefined : { ...(target.body as Record<string, unknown>), ...(op.template.includes('{formId}') ? { id: uid('cross') } : {}) };
      const answer = await svc.http.send({ method: op.method, path: fillPath(op.template, ids), headers: h, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      figures.calls += 1;
      answers.push({ credential: caller, operationId: `${op.operationId} (crossing)`, answer });
      expect([op.operationId, problemIssues(answer, [404])]).toEqual([op.operationId, []]);
    });

    it("should leave the other project's resources as they were", async () => {
      expect(await readableState(svc, b)).toEqual(bState);
    });
  });

  describe('when every answer is searched for the other project\'s ids, keys and secrets', () => {
    it('should find none of them, and no ids at all in answers that are not a 2xx', async () => {
      const ofA = await secretsOf(a);
      const ofB = await secretsOf(b);
      for (const { credential, operationId, answer } of answers) {
        const text = `${JSON.stringify(answer.headers)}\n${answer.text}`;
        const forbidden = [...(credential.startsWith('other') ? ofA : ofB), ...(answer.status >= 300 ? [...ofA, ...ofB] : [])];
        for (const id of forbidden) if (text.includes(id)) figures.leaks.push(`${operationId} as ${credential} (${answer.status}) reveals ${id.slice(0, 12)}…`);
      }
      expect(figures.leaks).toEqual([]);
      expect(answers.length).toBeGreaterThan(OPERATIONS.length * CREDENTIALS.length);
    });
  });
});
