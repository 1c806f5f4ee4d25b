import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { Nullable, Strict, StringEnum } from './common.schema.js';
import { Audience, Reach } from './form.schema.js';

/** One form of a user's audience, as completion sees it for that user. */
export const UserFormView = Strict(
  {
    id: Type.String(),
    name: Type.String(),
    audience: Audience,
    mandatory: Type.Boolean(),
    reach: Reach,
    reachedBy: Nullable(StringEnum(['audience', 'account_created', 'child_created', 'trigger', 'submission', 'platform'])),
    unassigned: Type.Boolean({ description: 'The platform unassigned it from this user (`form_unassigned`): it does not reach them.' }),
    complete: Type.Boolean({ description: "The user's last submission of it was complete." }),
  },
  {
    description:
      'A form of the user\'s audience. `reachedBy` says how it reached the user — `audience` (its reach), a trigger on account creation, ' +
      'child creation or a submission, the user\'s own submission, or the platform (`form_assigned`) — and is null when it has not. ' +
      'A mandatory form with a `reachedBy` counts towards completion.',
  },
);

/** A user's forms and completion, one page of forms at a time. */
export const UserFormsView = Strict(
  {
    userId: Type.String(),
    role: StringEnum(['applicant', 'parent', 'child'], 'The role completion gives the user: everyone in an individual system is an applicant.'),
    complete: Type.Boolean({ description: 'Whether every mandatory form that reached the user is complete now (false when none reached them).' }),
    items: Type.Array(UserFormView, { description: 'Every form of the user\'s audience, by id.' }),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null at the end.' }),
  },
  { description: "A user's forms, with how each reached them and whether each is complete." },
);
export type UserFormsView = Static<typeof UserFormsView>;
