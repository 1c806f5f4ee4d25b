import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { freshDatabase } from './support/database.js';
import type { TestDatabase } from './support/database.js';
import type { ProjectFixture, WebhookFixture } from './support/fixtures.js';
import { addAdmin, bodyOf, createProject, expectStatus, listAll, putForm, report, settled, subscribe, uid, user } from './support/fixtures.js';
import { writeFigures } from './support/figures.js';
import type { RawAnswer, RawRequest } from './support/http-client.js';
import type { Service } from './support/service.js';
import { startService } from './support/service.js';
import { query } from './support/snapshot.js';

/** A password the platform sends in form fields, and the database password of the service's URL. */
const FORM_PASSWORD = `form-password-${process.pid}-Zq9`;
const DB_PASSWORD = `db-password-${process.pid}-Xk4`;
/** A form field that is a password by meaning but not by name (counted, not failed: see RELIABILITY.md). */
const OTHER_PASSWORD = `other-password-${process.pid}-Wp2`;

const startedAt = new Date();
let database: TestDatabase;
let svc: Service;
const exchanges: { request: RawRequest; answer: RawAnswer }[] = [];
/** Every credential the run handled, by kind. */
const issued = { platformKeys: [] as string[], apiKeys: [] as string[], secrets: [] as string[], passwords: [FORM_PASSWORD] };
const figures = {
  logLines: 0,
  logLevel: 'trace',
  requests: 0,
  credentials: { operatorToken: 1, platformKeys: 0, apiKeys: 0, webhookSecrets: 0, passwords: 0 },
  leaksInLogs: [] as string[],
  keysInDatabase: [] as string[],
  hashes: { platform: 0, api: 0 },
  secretShownOutsideCreateAndRotate: [] as string[],
  passwordsDelivered: 0,
  passwordVariantsDelivered: 0,
  errorsLogged: 0,
};

beforeAll(async () => {
  // The service's database URL carries a password (trust auth ignores it): it must never be logged.
  database = await freshDatabase('secrets');
  const env: Record<string, string> = { LOG_LEVEL: 'trace', RETRY_SCHEDULE_MS: '0,100,200' };
  if (database.url) {
    const url = new URL(database.url);
    if (url.password === '') url.password = DB_PASSWORD;
    issued.passwords.push(decodeURIComponent(url.password));
    env['DATABASE_URL'] = url.toString();
  } else {
    Object.assign(env, database.env);
  }
  svc = await startService({ suite: 'secrets', databaseUrl: env['DATABASE_URL'] ?? '', env });
  const send = svc.http.send.bind(svc.http);
  svc.http.send = async (request: RawRequest) => {
    const answer = await send(request);
    exchanges.push({ request, answer });
    return answer;
  };
  await fullRun();
}, 120_000);

afterAll(async () => {
  writeFigures('secrets', startedAt, database?.kind ?? 'none', figures);
  await svc?.stop();
  await database?.drop();
});

/** Keeps every key and secret an answer hands out. */
function collect(answer: RawAnswer): void {
  const body = bodyOf(answer);
  const add = (list: string[], value: unknown) => typeof value === 'string' && !list.includes(value) && list.push(value);
  add(issued.platformKeys, body['platformKey']);
  add(issued.apiKeys, body['apiKey']);
  add(issued.secrets, body['secret']);
}

/**
 * A full end-to-end run touching every credential path: projects and keys, API and plain admins (one
 * promoted, which issues a key, one deactivated, one removed), webhooks created and rotated, notify
 * and interactive deliveries (one receiver failing, so attempts and retries are logged), activities
 * of every type, form fields named password, refused keys, and a request that fails inside (500).
 */
async function fullRun(): Promise<void> {
  const projects: ProjectFixture[] = [];
  for (const system of ['individual', 'family'] as const) {
    const p = await createProject(svc, system);
    projects.push(p);
  }
  const [p, family] = projects as [ProjectFixture, ProjectFixture];
  const plain = await addAdmin(svc, p.id, false);
  const promoted = expectStatus(await svc.http.json('PATCH', `${p.base}/admins/${plain.id}`, svc.operatorToken, { apiAdmin: true }), 200, 'promote');
  expect(typeof promoted['apiKey']).toBe('string');
  const gone = await addAdmin(svc, p.id, true);
  expectStatus(await svc.http.json('PATCH', `${p.base}/admins/${gone.id}`, svc.operatorToken, { active: false }), 200, 'deactivate');
  expectStatus(await svc.http.json('GET', `${p.base}/webhooks`, gone.key ?? ''), 401, 'deactivated key');
  const removed = await addAdmin(svc, p.id, true);
  expectStatus(await svc.http.json('DELETE', `${p.base}/admins/${removed.id}`, svc.operatorToken), 204, 'remove');

  await putForm(svc, p, 'login');
  await putForm(svc, p, 'profile');
  expectStatus(await svc.http.json('PUT', `${p.base}/triggers/start`, p.platformKey, { on: { type: 'account_created' }, addForms: ['login', 'profile'] }), 200, 'trigger');
  const hooks: WebhookFixture[] = [];
  for (const event of ['user_registered', 'login_success', 'edit_user_credentials', 'form_submitted', 'user_complete', 'payment_event', 'status_update', 'tag_update', 'user_order_updated']) {
    hooks.push(await subscribe(svc, p, event, `/secrets/${event}`));
  }
  const failing = await subscribe(svc, p, 'payment_refunded', '/secrets/failing');
  svc.receiver.behave(failing.path, { kind: 'reply', status: 500, body: { error: 'receiver down' } });
  const pre = await subscribe(svc, p, 'form_preprocess', '/secrets/pre', { timeoutMs: 2000 });
  svc.receiver.behave(pre.path, { kind: 'reply', status: 200, body: { msg: 'checked', msg_type: 'info', jdoc: { note: 'ok' } } });
  const loadHook = await subscribe(svc, p, 'form_load_login', '/secrets/load', { timeoutMs: 500 });
  svc.receiver.behave(loadHook.path, { kind: 'hang' });

  // Rotate one secret: both the old and the new must stay out of every log and every other answer.
  const rotated = expectStatus(await svc.http.json('POST', `${p.base}/webhooks/${hooks[0]?.id}/rotate-secret`, p.apiAdmin.key), 200, 'rotate');
  hooks[0]?.secrets.push(String(rotated['secret']));
  svc.receiver.secret(hooks[0]?.path ?? '', ...(hooks[0]?.secrets ?? []));

  const ann = user('ann', { firstName: 'Ann', lastName: 'Lee' });
  const secretDoc = { email: 'ann@example.com', new_password: OTHER_PASSWORD, password: FORM_PASSWORD, Password: FORM_PASSWORD, account: { PASSWORD: FORM_PASSWORD, hint: 'none' }, list: [{ password: FORM_PASSWORD }] };
  const activities: Record<string, unknown>[] = [
    { type: 'registered', user: ann },
    { type: 'login', via: 'password', user: ann },
    { type: 'credentials_changed', changed: ['username', 'password'], user: ann },
    { type: 'status_changed', users: [ann, user('bob')], status: { from: 'new', to: 'accepted' } },
    { type: 'tag_changed', users: [ann], tag: { name: 'vip', action: 'added' } },
    { type: 'payment', kind: 'refunded', user: ann, payment: { amount: 10, card: { password: FORM_PASSWORD } }, cart: { items: [1] }, allocations: [{ password: FORM_PASSWORD }] },
    { type: 'order_updated', user: ann, cart: { items: [] }, change: { action: 'added', product: { id: 'p1', password: FORM_PASSWORD } } },
  ];
  for (const activity of activities) expectStatus(await report(svc, p, activity), 202, String(activity['type']));
  for (const moment of ['load', 'preprocess', 'submissions']) {
    expectStatus(await svc.http.json('POST', `${p.base}/forms/login/${moment}`, p.platformKey, { id: uid(moment), origin: 'applicant', user: ann, doc: secretDoc, ...(moment === 'submissions' ? { complete: true } : {}) }), 200, moment);
  }
  expectStatus(await svc.http.json('POST', `${p.base}/forms/profile/submissions`, p.platformKey, { id: uid('sub'), origin: 'applicant', user: ann, doc: { password: FORM_PASSWORD }, complete: true, analytics: { password: FORM_PASSWORD } }), 200, 'profile');

  // The family project: a child, its forms, completion.
  await putForm(svc, family, 'kid', 'child');
  expectStatus(await report(svc, family, { type: 'registered', user: user('mum', { role: 'parent' }) }), 202, 'mum');
  expectStatus(await report(svc, family, { type: 'child_added', user: user('kid1', { role: 'child', parentId: 'mum' }) }), 202, 'kid');

  // Keys where they do not belong, a test send, resends, and a request failing inside (a 500 is logged with its error).
  expectStatus(await svc.http.json('GET', `${family.base}/webhooks`, p.apiAdmin.key), 404, 'other project key');
  expectStatus(await svc.http.json('GET', `${p.base}/webhooks`, p.platformKey), 403, 'platform key on admin route');
  expectStatus(await svc.http.json('POST', `${p.base}/activities`, `${p.platformKey}x`, {}), 401, 'unknown key');
  expectStatus(await svc.http.json('POST', `${p.base}/webhooks/${hooks[1]?.id}/test`, p.apiAdmin.key), 200, 'test send');
  await svc.http.json('POST', `${p.base}/forms/login/submissions`, p.platformKey, { id: uid('nul'), origin: 'applicant', user: ann, doc: { password: FORM_PASSWORD, bad: '\u0000' } });
  await settled(svc, p, 30_000).catch(() => undefined);
  const failed = await listAll(svc, `${p.base}/deliveries?webhookId=${failing.id}`, p.apiAdmin.key);
  if (failed[0]) await svc.http.json('POST', `${p.base}/deliveries/${String(failed[0]['id'])}/resend`, p.apiAdmin.key);
  expectStatus(await svc.http.json('POST', `${p.base}/deliveries/resend-failed`, p.apiAdmin.key, { since: new Date(Date.now() - 60_000).toISOString() }), 202, 'resend failed');
  await svc.receiver.waitFor(hooks[2]?.path ?? '', 1, 15_000);
  for (const e of exchanges) collect(e.answer);
  figures.requests = exchanges.length;
}

/** Every value that must never appear in a log line. */
function secrets(): string[] {
  return [svc.operatorToken, ...issued.platformKeys, ...issued.apiKeys, ...issued.secrets, ...issued.passwords];
}

describe('secrets', () => {
  describe('when the logs of a full end-to-end run are searched', () => {
    it('should find no operator token, platform key, API key, signing secret or password', () => {
      figures.credentials = { operatorToken: 1, platformKeys: issued.platformKeys.length, apiKeys: issued.apiKeys.length, webhookSecrets: issued.secrets.length, passwords: issued.passwords.length };
      const log = svc.logs.join('');
      figures.logLines = svc.logs.length;
      figures.errorsLogged = svc.logs.filter((l) => /"level":(50|60)/.test(l)).length;
      for (const secret of secrets()) if (log.includes(secret)) figures.leaksInLogs.push(`${secret.slice(0, 8)}… (${secret.length} chars)`);
      for (const pattern of [/\bpk_[A-Za-z0-9_-]{20,}/, /\bak_[A-Za-z0-9_-]{20,}/, /whsec_[A-Za-z0-9+/=_-]{16,}/]) {
        const hit = pattern.exec(log);
        if (hit) figures.leaksInLogs.push(`pattern ${pattern.source}: ${hit[0].slice(0, 10)}…`);
      }
      expect(issued.platformKeys.length).toBeGreaterThanOrEqual(2);
      expect(issued.apiKeys.length).toBeGreaterThanOrEqual(4);
      expect(issued.secrets.length).toBeGreaterThanOrEqual(12);
      expect(figures.logLines).toBeGreaterThan(20);
      expect(figures.leaksInLogs).toEqual([]);
    });
  });

  describe('when the database is searched', () => {
    it('should hold keys only as SHA-256 hashes: no pk_ or ak_ value, no operator token, no form password', async () => {
      if (!database.url) return;
      const url = database.url;
      const tables = await query<{ table_name: string }>(url, "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'");
      for (const { table_name: table } of tables) {
        const rows = await query<{ row: string }>(url, `select t::text as row from "${table}" t`);
        for (const { row } of rows) {
          for (const secret of [svc.operatorToken, ...issued.platformKeys, ...issued.apiKeys, FORM_PASSWORD]) if (row.includes(secret)) figures.keysInDatabase.push(`${table}: ${secret.slice(0, 6)}…`);
          const key = /\b(pk|ak)_[A-Za-z0-9_-]{20,}/.exec(row);
          if (key) figures.keysInDatabase.push(`${table}: ${key[0].slice(0, 6)}…`);
        }
      }
      const projects = await query<{ platform_key_hash: string }>(url, 'select platform_key_hash from projects');
      const admins = await query<{ api_key_hash: string | null }>(url, 'select api_key_hash from admins where api_key_hash is not null');
      figures.hashes = { platform: projects.length, api: admins.length };
      expect(figures.keysInDatabase).toEqual([]);
      expect(projects.every((r) => /^[0-9a-f]{64}$/.test(r.platform_key_hash))).toBe(true);
      expect(admins.every((r) => /^[0-9a-f]{64}$/.test(r.api_key_hash ?? ''))).toBe(true);
      expect(admins.length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('when every answer of the run is searched for signing secrets and keys', () => {
    it('should show a webhook secret only when it is created or rotated, and keys only when issued', () => {
      const issuing = [
        { what: 'whsec_', may: /^POST \/v1\/projects\/[^/]+\/webhooks(\/[^/]+\/rotate-secret)?$/ },
        { what: 'pk_', may: /^POST \/v1\/projects$/ },
        { what: 'ak_', may: /^(POST \/v1\/projects\/[^/]+\/admins|PATCH \/v1\/projects\/[^/]+\/admins\/[^/]+)$/ },
      ];
      for (const { request, answer } of exchanges) {
        const route = `${request.method} ${request.path.split('?')[0]}`;
        for (const { what, may } of issuing) {
          if (!answer.text.includes(what) || (may.test(route) && answer.status < 300)) continue;
          figures.secretShownOutsideCreateAndRotate.push(`${route} → ${answer.status} shows ${what}…`);
        }
        for (const secret of issued.secrets) {
          if (answer.text.includes(secret) && !/^POST \/v1\/projects\/[^/]+\/webhooks(\/[^/]+\/rotate-secret)?$/.test(route)) figures.secretShownOutsideCreateAndRotate.push(`${route} shows a secret`);
        }
      }
      expect(figures.secretShownOutsideCreateAndRotate).toEqual([]);
    });

    it('should never show it on GET or in the list', async () => {
      const [p] = exchanges.filter((e) => e.request.path === '/v1/projects').map((e) => String(bodyOf(e.answer)['id']));
      const apiKey = issued.apiKeys[0] ?? '';
      const list = await svc.http.json('GET', `/v1/projects/${p}/webhooks?limit=100`, apiKey);
      expect(list.status).toBe(200);
      const items = bodyOf(list)['items'] as Record<string, unknown>[];
      expect(items.length).toBeGreaterThan(5);
      for (const item of items) {
        expect(item).not.toHaveProperty('secret');
        const one = await svc.http.json('GET', `/v1/projects/${p}/webhooks/${String(item['id'])}`, apiKey);
        expect(one.status).toBe(200);
        expect(one.json).not.toHaveProperty('secret');
        expect(one.text).not.toContain('whsec_');
      }
      expect(list.text).not.toContain('whsec_');
    });
  });

  describe('when what the receivers got is searched', () => {
    it('should find no password the platform sent, whatever its case or depth', () => {
      figures.passwordsDelivered = svc.receiver.received.filter((r) => r.body.includes(FORM_PASSWORD)).length;
      figures.passwordVariantsDelivered = svc.receiver.received.filter((r) => r.body.includes(OTHER_PASSWORD)).length;
      expect(svc.receiver.received.length).toBeGreaterThan(10);
      expect(figures.passwordsDelivered).toBe(0);
    });
  });
});
