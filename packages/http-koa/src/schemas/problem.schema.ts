import { Type } from '@sinclair/typebox';
import { Strict } from './common.schema.js';

const problemFields = {
  type: Type.String({ description: 'A URI naming the kind of problem.' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
  requestId: Type.Optional(Type.String({ description: 'The `x-request-id` of the request, to find it in the logs.' })),
};

/** An RFC 9457 problem, the body of every error. */
export const Problem = Strict(problemFields, { description: 'An RFC 9457 problem (`application/problem+json`).' });

/** A problem naming each field at fault (422). */
export const ValidationProblem = Strict(
  { ...problemFields, errors: Type.Array(Strict({ path: Type.String({ description: 'Dotted: `user.id`, `addForms.0`; empty for the whole body.' }), message: Type.String() })) },
  { description: 'A validation problem: `errors` names each bad field.' },
);

/** A conflict, naming the resource in the way when the domain knows it (409). */
export const ConflictProblem = Strict(
  {
    ...problemFields,
    existingId: Type.Optional(Type.String({ description: 'The id of the resource in the way (the webhook holding a URL).' })),
    reason: Type.Optional(
      Type.String({
        description:
          'Why, as a stable code. A refused resend: `interactive_call`, `api_origin`, `remember_me`, `family_only`, `no_subscription`, ' +
          '`webhook_deleted`, `webhook_disabled`. Also `url_taken`, `id_reused` (an id repeated with another body), `form_in_use`.',
      }),
    ),
    inUseBy: Type.Optional(
      Type.Record(Type.String(), Type.Array(Type.String()), { description: 'What still uses the resource, by kind: `{ "webhooks": ["wh_…"], "triggers": ["t1"] }`.' }),
    ),
  },
  { description: 'A conflict: `detail` says what is in the way and what to do; `reason` says it for machines.' },
);
