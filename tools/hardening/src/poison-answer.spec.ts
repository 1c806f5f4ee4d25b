import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sized, writeFigures } from './support/figures.js';
import { createProject, expectStatus, listAll, putForm, subscribe, uid, user } from './support/fixtures.js';
import { latencySummary } from './support/latency.js';
import type { Service } from './support/service.js';
import { startService } from './support/service.js';

/**
 * Poison answers: interactive subscribers answering what no store can keep, or more than the
 * transport reads, under failurePolicy open and closed. Every call must answer 200 with the
 * decision (the hook's failure under its policy) and be recorded; never a 5xx.
 */
const CALLS = sized(2, 25);
/** Larger than the 64 KiB the transport reads of an answer. */
const OVER_THE_CAP = 70 * 1024;
const ANSWERS: Readonly<Record<string, string>> = {
  'nul-in-message': '{"msg":"hi\\u0000","msg_type":"warning"}',
  'nul-in-patch': '{"jdoc":{"name":"a\\u0000b"}}',
  'raw-nul-byte': '{"msg":"hi"}\u0000',
  'lone-surrogate': '{"msg":"\\ud800","msg_type":"warning"}',
  'lone-surrogate-key': '{"jdoc":{"\\udc00":"x"}}',
  'nested-30000': `{"jdoc":{"name":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`,
  'over-the-cap': `{"msg":"${'x'.repeat(OVER_THE_CAP)}"}`,
  'over-the-cap-blank-head': `${' '.repeat(OVER_THE_CAP)}{"msg":"stop","msg_type":"error"}`,
};

const startedAt = new Date();
let svc: Service;
const figures = {
  callsPerCase: CALLS,
  byAnswer: {} as Record<string, { calls: number; statuses: Record<string, number>; proceeded: number; stopped: number; recorded: number; reasons: string[] }>,
  latencyMs: { count: 0, p50: 0, p95: 0, max: 0 },
  serverErrors: 0,
};

beforeAll(async () => {
  svc = await startService({ suite: 'poison_answer', env: { LOG_LEVEL: 'warn' } });
}, 60_000);

afterAll(async () => {
  writeFigures('poison-answer', startedAt, svc?.database?.kind ?? 'none', figures);
  await svc?.stop();
}, 60_000);

describe('poison interactive answers (issue 12, point 2)', () => {
  it('should answer every call 200 with its decision under the hook’s policy, and record it', async () => {
    const latencies: number[] = [];
    for (const [name, body] of Object.entries(ANSWERS)) {
      const entry = { calls: 0, statuses: {} as Record<string, number>, proceeded: 0, stopped: 0, recorded: 0, reasons: [] as string[] };
      for (const policy of ['open', 'closed'] as const) {
        const project = await createProject(svc, 'individual', `Poison answer ${name} ${policy}`);
        await putForm(svc, project, 'f1');
        const hook = await subscribe(svc, project, 'form_preprocess', `/answer/${name}/${policy}`, { failurePolicy: policy, timeoutMs: 5000 });
        svc.receiver.behave(hook.path, { kind: 'reply', status: 200, body });
        for (let i = 0; i < CALLS; i += 1) {
          const answer = await svc.http.json('POST', `${project.base}/forms/f1/preprocess`, project.platformKey, { id: uid('pre'), origin: 'applicant', user: user(uid('u')), doc: { name: 'Ada' } });
          latencies.push(answer.durationMs);
          entry.calls += 1;
          entry.statuses[String(answer.status)] = (entry.statuses[String(answer.status)] ?? 0) + 1;
          if (answer.status >= 500) figures.serverErrors += 1;
          const decision = answer.json as { proceed?: boolean; failures?: { reason: string }[] } | undefined;
          if (decision?.proceed === true) entry.proceeded += 1;
          if (decision?.proceed === false) entry.stopped += 1;
          const reason = decision?.failures?.[0]?.reason;
          const shown = reason === undefined ? undefined : reason.length > 90 ? `${reason.slice(0, 90)}…` : reason;
          if (shown !== undefined && !entry.reasons.includes(shown)) entry.reasons.push(shown);
          expect(answer.status).toBe(200);
          expect(decision?.proceed).toBe(policy === 'open');
          expect(reason).toMatch(/^invalid answer: /);
        }
        const logged = await listAll(svc, `${project.base}/deliveries?event=form_preprocess`, project.apiAdmin.key);
        entry.recorded += logged.filter((d) => d['status'] === 'failed').length;
        const detail = expectStatus(await svc.http.json('GET', `${project.base}/deliveries/${String(logged[0]?.['id'])}`, project.apiAdmin.key), 200, 'delivery');
        expect((detail['attempts'] as { errorClass: string }[])[0]?.errorClass).toBe('invalid_response');
      }
      figures.byAnswer[name] = entry;
      expect(entry.recorded).toBe(2 * CALLS);
    }
    figures.latencyMs = latencySummary(latencies);
    expect(figures.serverErrors).toBe(0);
  }, 240_000);
});
