import { Type } from '@sinclair/typebox';
import { unwrap } from '../problems/unwrap-result.js';
import { PageQuery, PlatformIdText, ProjectId, Strict } from '../schemas/common.schema.js';
import { UserFormsView } from '../schemas/user-forms.schema.js';
import { userFormsView } from '../views/user-forms.view.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

const UserParams = Type.Object({ projectId: ProjectId, userId: PlatformIdText });

/** The platform's routes over one user's completion. */
export const userRoutes: readonly Route[] = [
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId/users/:userId/forms',
    operationId: 'listUserForms',
    summary: "A user's forms: every form of their audience, how each reached them, whether each is complete, and whether the user is.",
    description:
      'The service knows a user once a registration, a child, an assignment or a submission of theirs was reported; 404 otherwise. ' +
      'Forms are assigned and unassigned with the activities `form_assigned` and `form_unassigned`.',
    tag: 'platform',
    caller: 'platform',
    params: UserParams,
    query: Strict(PageQuery),
    status: 200,
    response: UserFormsView,
    outcomes: [404],
    handle: async ({ deps, params, query }) =>
      userFormsView(
        unwrap(await deps.useCases.forms.listUserForms(params.projectId, params.userId, { limit: query.limit ?? 20, ...(query.cursor ? { cursor: query.cursor } : {}) })),
      ),
  }),
];
