import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { openApiDocument } from '@webhooks/http-koa';
import { hostileBodies } from './fuzz/hostile-bodies.js';
import type { OpenApiDoc, Operation } from './fuzz/openapi-operations.js';
import { fillPath, operationsOf } from './fuzz/openapi-operations.js';
import type { FaultyRequest, Target } from './fuzz/request-faults.js';
import { percentEncode, requestFaults } from './fuzz/request-faults.js';
import { validValue } from './fuzz/schema-values.js';
import { knownBugOf } from './known-bugs.js';
import { expectStatus, settled } from './support/fixtures.js';
import { SOAK, sized, writeFigures } from './support/figures.js';
import type { RawAnswer, RawRequest } from './support/http-client.js';
import { problemIssues } from './support/problem.js';
import type { Service } from './support/service.js';
import { startService } from './support/service.js';
import type { ReadableState, TableDigest } from './support/snapshot.js';
import { databaseDigest, readableState } from './support/snapshot.js';
import type { RichProject } from './support/world.js';
import { richProject, valuesFor } from './support/world.js';

/** The document the service serves; the tests are listed from it before the service starts. */
const DOC = openApiDocument() as unknown as OpenApiDoc;
const OPERATIONS = operationsOf(DOC);
const MAX_BODY_BYTES = 262_144;
/** Malformed requests per route (CI / soak), and schema-valid hostile ones per route that takes input. */
const MALFORMED_PER_ROUTE = sized(120, 1500);
const HOSTILE_PER_ROUTE = sized(30, 400);
const SEED = process.env['FC_SEED'] ? Number(process.env['FC_SEED']) : Date.now() % 2 ** 31;
/** CI stops at the first counterexample; the soak (or FC_SHRINK=1, to study a replayed seed) shrinks it first. */
const SHRINK = SOAK || process.env['FC_SHRINK'] === '1';

/** Routes whose schema-valid input reaches storage: the hostile values go to a sandbox project. */
const HOSTILE_ROUTES = new Set(['createProject', 'putForm', 'putTrigger', 'reportActivity', 'formLoad', 'formPreprocess', 'formSubmissions', 'createWebhook', 'changeWebhook', 'listWebhooks', 'listDeliveries', 'countDeliveries']);

const startedAt = new Date();
let svc: Service;
/** The project the malformed requests aim at (with its real ids), and the sandbox of the hostile ones. */
let target: RichProject;
let sandbox: RichProject;
let before: { readonly state: ReadableState; readonly digest: TableDigest | null; readonly scoped: TableDigest | null };

const figures = {
  seed: SEED,
  malformed: { tried: 0, byRoute: {} as Record<string, number>, byKind: {} as Record<string, number>, byStatus: {} as Record<string, number>, slowestMs: 0 },
  hostile: { tried: 0, byRoute: {} as Record<string, number>, byKind: {} as Record<string, number>, byStatus: {} as Record<string, number>, roundTripMismatches: [] as string[] },
  knownBugHits: {} as Record<string, number>,
  routes: OPERATIONS.length,
  unchanged: { readableBefore: 0, readableAfter: 0, tables: 0 },
};

const bump = (map: Record<string, number>, key: string) => (map[key] = (map[key] ?? 0) + 1);
const show = (r: RawRequest) => `${r.method} ${r.path.slice(0, 300)} ${JSON.stringify(r.headers ?? {})} ${(typeof r.body === 'string' ? r.body : (r.body?.toString('utf8') ?? '')).slice(0, 300)}`;

beforeAll(async () => {
  svc = await startService({ suite: 'bad_input', env: { MAX_BODY_BYTES: String(MAX_BODY_BYTES), INTERACTIVE_DEADLINE_MS: '3000' } });
  target = await richProject(svc, 'tg');
  sandbox = await richProject(svc, 'sb');
  before = {
    state: await readableState(svc, target),
    digest: svc.database?.url ? await databaseDigest(svc.database.url) : null,
    scoped: svc.database?.url ? await databaseDigest(svc.database.url, [target.id]) : null,
  };
  figures.unchanged.readableBefore = before.state.webhooks.length + before.state.deliveries.length + 1;
}, 60_000);

afterAll(async () => {
  writeFigures('bad-input', startedAt, svc?.database?.kind ?? 'none', figures);
  await svc?.stop();
});

/** Whether anything of a request of `op` is read: a body, path parameters or a query. */
const takesInput = (op: Operation) => op.body !== null || op.pathParams.length > 0 || op.queryParams.length > 0;

/** The real values of a route's path parameters in a project. */
function paramsOf(project: RichProject): Record<string, string> {
  return {
    projectId: project.id,
    webhookId: project.webhooks[0]?.id ?? 'wh_none',
    deliveryId: project.deliveryIds[0] ?? 'dlv_none',
    adminId: project.spareAdminId,
    formId: project.forms[0] ?? 'f',
    triggerId: project.triggerId,
    userId: project.userId,
  };
}

function targetOf(project: RichProject): Target {
  return {
    params: paramsOf(project),
    token: (caller) => ({ anyone: undefined, operator: svc.operatorToken, platform: project.platformKey, apiAdmin: project.apiAdmin.key })[caller],
    values: valuesFor(DOC, svc, project),
    maxBodyBytes: MAX_BODY_BYTES,
  };
}

/** Sends a request; a 5xx explained by a known bug is counted, any other 5xx fails. */
async function sendJudged(sent: FaultyRequest | { operationId: string; kind: string; at: string; request: RawRequest }): Promise<RawAnswer> {
  const answer = await svc.http.send(sent.request);
  if (answer.status >= 500) {
    const bug = knownBugOf({ operationId: sent.operationId, kind: sent.kind, at: sent.at, path: sent.request.path, ...(typeof sent.request.body === 'string' ? { body: sent.request.body } : {}) }, answer);
    if (bug) bump(figures.knownBugHits, bug.id);
    else throw new Error(`${answer.status} ${answer.text.slice(0, 200)} for ${sent.kind} at "${sent.at}": ${show(sent.request)}`);
  }
  return answer;
}

describe('bad input on every route', () => {
  describe('when the served OpenAPI document is read', () => {
    it('should be the document the suites are generated from, covering every route', async () => {
      const served = await svc.http.json('GET', '/openapi.json', undefined);
      expect(served.status).toBe(200);
      expect(served.json).toEqual(JSON.parse(JSON.stringify(DOC)));
      expect(OPERATIONS.length).toBeGreaterThanOrEqual(27);
    });
  });

  describe('when every route gets malformed, oversized, deeply nested, wrong-typed and unicode-hostile input', () => {
    it.each(OPERATIONS.map((op) => [`${op.method} ${op.template}`, op] as const))('should answer %s with a 4xx problem naming the problem, never a 5xx', async (_, op: Operation) => {
      const faults = requestFaults(op, targetOf(target));
      await fc.assert(
        fc.asyncProperty(faults, async (fault) => {
          const answer = await sendJudged(fault);
          figures.malformed.tried += 1;
          figures.malformed.slowestMs = Math.max(figures.malformed.slowestMs, Math.round(answer.durationMs));
          bump(figures.malformed.byRoute, op.operationId);
          bump(figures.malformed.byKind, fault.kind);
          bump(figures.malformed.byStatus, String(answer.status));
          if (answer.status >= 500) return;
          const issues = fault.kind.startsWith('ignored.') ? (answer.status === op.success ? [] : [`status ${answer.status}`]) : problemIssues(answer, fault.expect, fault.names);
          if (issues.length === 0) return;
          const bug = knownBugOf({ operationId: op.operationId, kind: fault.kind, at: fault.at, path: fault.request.path }, answer);
          if (bug) bump(figures.knownBugHits, bug.id);
          else throw new Error(`${issues.join('; ')} — ${fault.kind} at "${fault.at}": ${show(fault.request)} → ${answer.status} ${answer.text.slice(0, 300)}`);
        }),
        { numRuns: takesInput(op) ? MALFORMED_PER_ROUTE : Math.ceil(MALFORMED_PER_ROUTE / 6), seed: SEED, endOnFailure: !SHRINK },
      );
    });

    it('should leave everything a valid caller can read, and every table, unchanged', async () => {
      await settled(svc, target);
      const after = await readableState(svc, target);
      figures.unchanged.readableAfter = after.webhooks.length + after.deliveries.length + 1;
      expect(after).toEqual(before.state);
      if (svc.database?.url && before.digest) {
        const digest = await databaseDigest(svc.database.url);
        figures.unchanged.tables = Object.keys(digest).length;
        expect(digest).toEqual(before.digest);
      }
    });
  });

  describe('when schema-valid but hostile values (NUL, lone surrogates, deep nesting, huge numbers) reach storage', () => {
    const routes = OPERATIONS.filter((op) => HOSTILE_ROUTES.has(op.operationId));
    it.each(routes.map((op) => [`${op.method} ${op.template}`, op] as const))('should answer %s without a 5xx, errors as problems', async (_, op: Operation) => {
      const t = targetOf(sandbox);
      const bodies = op.body ? hostileBodies(op.body, t.values, svc.receiver.url('')) : fc.constant(undefined);
      const query = op.queryParams.length > 0 ? validValue({ type: 'object', properties: Object.fromEntries(op.queryParams.filter((p) => p.name !== 'cursor').map((p) => [p.name, p.schema])) }, t.values) : fc.constant({});
      const hostileQuery = fc.tuple(query, fc.constantFrom(...op.queryParams.filter((p) => p.schema['type'] === 'string' && !p.schema['pattern'] && !p.schema['enum'] && p.name !== 'cursor').map((p) => p.name), '')).chain(([q, field]) =>
        field === '' ? fc.constant(q as Record<string, unknown>) : fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }).map((h) => ({ ...(q as Record<string, unknown>), [field]: h })),
      );
      const formIds = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
      await fc.assert(
        fc.asyncProperty(bodies, hostileQuery, formIds, async (body, q, freshId) => {
          const params = { ...t.params, ...(op.operationId === 'putForm' ? { formId: freshId } : {}), ...(op.operationId === 'putTrigger' ? { triggerId: freshId } : {}) };
          const qs = Object.entries(q).map(([k, v]) => `${k}=${percentEncode(String(v))}`).join('&');
          const token = t.token(op.caller);
          const request: RawRequest = {
            method: op.method,
            path: fillPath(op.template, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, percentEncode(v)]))) + (qs ? `?${qs}` : ''),
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
            ...(body ? { body: body.text } : {}),
          };
          const kind = body?.kind ?? 'query';
          const answer = await sendJudged({ operationId: op.operationId, kind: `hostile.${kind}`, at: body?.at ?? '', request });
          figures.hostile.tried += 1;
          bump(figures.hostile.byRoute, op.operationId);
          bump(figures.hostile.byKind, kind);
          bump(figures.hostile.byStatus, String(answer.status));
          if (answer.status >= 500) return;
          if (answer.status >= 400) {
            const issues = problemIssues(answer, [answer.status]);
            if (issues.length > 0) throw new Error(`${issues.join('; ')} — ${show(request)}`);
            return;
          }
          await checkRoundTrip(op, body?.sent, body?.at ?? '', answer);
        }),
        { numRuns: HOSTILE_PER_ROUTE, seed: SEED, endOnFailure: !SHRINK },
      );
      const health = await svc.http.json('GET', '/health', undefined);
      expect(health.status).toBe(200);
    });

    it('should still leave the malformed-input project unchanged', async () => {
      await settled(svc, sandbox, 60_000).catch(() => undefined);
      expect(await readableState(svc, target)).toEqual(before.state);
      if (svc.database?.url && before.scoped) expect(await databaseDigest(svc.database.url, [target.id])).toEqual(before.scoped);
    });
  });

  // Each sends the smallest input that showed a bug these suites found (a 500, a field let through)
  // and expects what the contract says. They were `it.failing` proofs until the fixes landed.
  describe('when the bugs found earlier are replayed (regressions of bugs these suites found, now fixed)', () => {
    const platform = (path: string, body: string) =>
      svc.http.send({ method: path.startsWith('PUT') ? 'PUT' : 'POST', path: path.replace(/^\w+ /, ''), headers: { authorization: `Bearer ${sandbox.platformKey}`, 'content-type': 'application/json' }, body });

    it('BUG-1: should answer a cursor it never made, at a time Postgres cannot hold, with a 4xx, not a 500', async () => {
      const cursor = Buffer.from(JSON.stringify(['-271821-04-20T00:00:00.000Z', 'x'])).toString('base64url');
      const answer = await svc.http.json('GET', `${sandbox.base}/webhooks?cursor=${cursor}`, sandbox.apiAdmin.key);
      expect(answer.status).toBeLessThan(500);
    });

    it('should answer a cursor that is no cursor at all with a 422 (BUG-1, first form: fixed)', async () => {
      const answer = await svc.http.json('GET', `${sandbox.base}/webhooks?cursor=kuze`, sandbox.apiAdmin.key);
      expect(problemIssues(answer, [422], 'cursor')).toEqual([]);
    });

    it('BUG-2: should answer a name holding U+0000 with a 4xx (or store it), not a 500', async () => {
      const answer = await platform(`PUT ${sandbox.base}/forms/nul`, JSON.stringify({ name: 'a\u0000b', audience: 'user' }));
      expect(answer.status).toBeLessThan(500);
    });

    it('BUG-3: should answer a username holding a lone surrogate with a 4xx (or store it), not a 500', async () => {
      const activity = { id: 'lone-surrogate', type: 'login', via: 'password', origin: 'applicant', occurredAt: new Date().toISOString(), user: { id: 'u1', username: 'a\ud800' } };
      const answer = await platform(`POST ${sandbox.base}/activities`, JSON.stringify(activity));
      expect(answer.status).toBeLessThan(500);
    });

    it('BUG-5: should refuse an unknown query parameter named __proto__ with a 422', async () => {
      const answer = await svc.http.json('GET', `${sandbox.base}/webhooks?__proto__=1`, sandbox.apiAdmin.key);
      expect(answer.status).toBe(422);
    });

    it('BUG-6: should refuse limit=1.5 with a 422', async () => {
      const answer = await svc.http.json('GET', `${sandbox.base}/deliveries?limit=1.5`, sandbox.apiAdmin.key);
      expect(answer.status).toBe(422);
    });

    it('BUG-4: should answer a doc nested 5000 levels deep with a 4xx (or take it), not a 500', async () => {
      const body = `{"id":"deep-doc","origin":"applicant","user":{"id":"u1","username":"u"},"doc":{"a":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
      const answer = await platform(`POST ${sandbox.base}/forms/${sandbox.forms[0] ?? 'sb1'}/submissions`, body);
      expect(answer.status).toBeLessThan(500);
    });
  });
});

/** A hostile string the service accepted should read back unchanged (a mismatch is counted, not failed). */
async function checkRoundTrip(op: Operation, sent: string | undefined, at: string, answer: RawAnswer): Promise<void> {
  if (sent === undefined) return;
  const body = answer.json as Record<string, unknown> | undefined;
  let readBack: unknown;
  if (op.operationId === 'createWebhook' && at === 'description') {
    readBack = expectStatus(await svc.http.json('GET', `${sandbox.base}/webhooks/${String(body?.['id'])}`, sandbox.apiAdmin.key), 200, 'read back')['description'];
  } else if (op.operationId === 'createProject' && at === 'name') {
    readBack = expectStatus(await svc.http.json('GET', `/v1/projects/${String(body?.['id'])}`, svc.operatorToken), 200, 'read back')['name'];
  } else if (op.operationId === 'putForm' && at === 'name') {
    readBack = body?.['name'];
  } else {
    return;
  }
  if (readBack !== sent) figures.hostile.roundTripMismatches.push(`${op.operationId} ${at}: sent ${JSON.stringify(sent).slice(0, 60)}, read ${JSON.stringify(readBack).slice(0, 60)}`);
}
