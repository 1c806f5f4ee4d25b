import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CLOSED_FAILURE_MESSAGE } from '@webhooks/domain';
import type { E2e } from './support/service.js';
import { newProject, startE2e, subscribe, uid } from './support/service.js';

let e2e: E2e;
beforeAll(async () => {
  e2e = await startE2e();
}, 60_000);
afterAll(async () => {
  await e2e.stop();
});

/** The transport keeps 64 KiB of an answer; these answers are larger. */
const OVER_THE_CAP = 70 * 1024;

/** Raw answers of a subscriber, each 200 with a body no store can keep or no parser should trust. */
const ANSWERS: readonly (readonly [string, string])[] = [
  ['a NUL in a message', '{"msg":"hi\\u0000","msg_type":"warning"}'],
  ['a NUL in a patched value', '{"jdoc":{"name":"a\\u0000b"}}'],
  ['a lone surrogate in a message', '{"msg":"\\ud800","msg_type":"warning"}'],
  ['a lone surrogate in a field name', '{"jdoc":{"\\udc00":"x"}}'],
  ['30,000 levels of nesting in a patch', `{"jdoc":{"name":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`],
  ['a body larger than the transport keeps, of one long message', `{"msg":"${'x'.repeat(OVER_THE_CAP)}"}`],
  ['a body larger than the transport keeps, whose kept part is blank', `${' '.repeat(OVER_THE_CAP)}{"msg":"stop","msg_type":"error"}`],
];

interface Decision {
  proceed: boolean;
  messages: { text: string; type: string }[];
  patch: Record<string, unknown>;
  failures: { webhookId: string; reason: string }[];
}

describe('an interactive call whose subscriber answers something no store can keep', () => {
  describe.each(['open', 'closed'] as const)('with failurePolicy %s', (failurePolicy) => {
    it.each(ANSWERS)('should answer 200 with the decision, treating %s as an invalid answer, and record the call', async (_what, body) => {
      const p = await newProject(e2e);
      expect((await p.platform.put(`${p.base}/forms/42`, { name: 'Form 42', audience: 'user' })).status).toBe(200);
      const path = `/poison-${uid('hook')}`;
      const hook = await subscribe(e2e, p, 'form_preprocess', path, { failurePolicy });
      e2e.receiver.behave(path, { kind: 'reply', status: 200, body });
      const call = { id: uid('pre'), origin: 'applicant', user: { id: 'u1', username: 'u1@example.com' }, doc: { name: 'Ada' } };

      const res = await p.platform.post<Decision>(`${p.base}/forms/42/preprocess`, call);
      expect(res.status).toBe(200);
      expect(res.body.patch).toEqual({});
      expect(res.body.failures).toEqual([{ webhookId: hook.id, reason: expect.stringMatching(/^invalid answer: /) }]);
      if (failurePolicy === 'open') {
        expect(res.body).toMatchObject({ proceed: true, messages: [] });
      } else {
        expect(res.body).toMatchObject({ proceed: false, messages: [{ text: CLOSED_FAILURE_MESSAGE, type: 'error' }] });
      }
      // The call is recorded: a repeat answers the same without calling again, and the log shows it.
      const again = await p.platform.post<Decision>(`${p.base}/forms/42/preprocess`, call);
      expect(again).toMatchObject({ status: 200, body: res.body });
      expect(e2e.receiver.at(path)).toHaveLength(1);
      const log = await p.admin.get<{ items: { id: string; status: string }[] }>(`${p.base}/deliveries?event=form_preprocess`);
      expect(log.body.items).toEqual([expect.objectContaining({ status: 'failed' })]);
      const detail = await p.admin.get<{ attempts: { errorClass: string; statusCode: number; responseBody: string }[] }>(`${p.base}/deliveries/${log.body.items[0]?.id}`);
      expect(detail.body.attempts).toEqual([expect.objectContaining({ errorClass: 'invalid_response', statusCode: 200, responseBody: expect.any(String) })]);
    });
  });
});
