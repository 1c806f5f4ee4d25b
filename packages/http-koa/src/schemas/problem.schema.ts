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
  { ...problemFields, existingId: Type.Optional(Type.String({ description: 'The id of the resource in the way.' })) },
  { description: 'A conflict (for example one URL serving two events).' },
);
