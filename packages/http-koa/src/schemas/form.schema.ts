import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { DiscriminatedUnion, FormRef, JsonObjectSchema, MAX_NAME, Strict, StringEnum } from './common.schema.js';

/** Who fills a form. */
export const Audience = StringEnum(['user', 'parent', 'child'], '`user` in individual systems, `parent` or `child` in family systems.');

/** How a form reaches a user. */
export const Reach = StringEnum(
  ['audience', 'assigned'],
  '`audience`: the form reaches every user of its audience (every parent, every child, every applicant) and counts towards their completion. ' +
    '`assigned`: only users a trigger or the platform (activity `form_assigned`) assigns it to.',
);

/** A form as the platform declares it. */
export const PutFormBody = Strict({
  name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  audience: Audience,
  mandatory: Type.Optional(Type.Boolean({ default: true, description: 'Optional forms do not count towards completion.' })),
  reach: Type.Optional({ ...Reach, default: 'audience' }),
});
export type PutFormBody = Static<typeof PutFormBody>;

/** A form. */
export const FormView = Strict({ id: Type.String(), name: Type.String(), audience: Audience, mandatory: Type.Boolean(), reach: Reach });
export type FormView = Static<typeof FormView>;

const TriggerOn = DiscriminatedUnion(
  'type',
  [
    Strict({ type: Type.Literal('account_created') }),
    Strict({ type: Type.Literal('child_created') }),
    Strict({
      type: Type.Literal('form_submitted'),
      formId: FormRef,
      when: Type.Optional(JsonObjectSchema('Only when these submitted fields equal these values.')),
    }),
  ],
  'What makes the trigger add forms.',
);

/** A trigger as the platform declares it. */
export const PutTriggerBody = Strict({
  on: TriggerOn,
  addForms: Type.Array(FormRef, { minItems: 1, maxItems: 100, description: 'The forms to assign (ids, or whole numbers naming the forms whose ids are their decimal strings).' }),
});
export type PutTriggerBody = Static<typeof PutTriggerBody>;

/** A trigger. */
export const TriggerView = Strict({ id: Type.String(), on: TriggerOn, addForms: Type.Array(Type.String()) });
export type TriggerView = Static<typeof TriggerView>;
