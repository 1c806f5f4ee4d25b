import { Type } from '@sinclair/typebox';
import { unwrap } from '../problems/unwrap-result.js';
import { AdminId, ProjectId } from '../schemas/common.schema.js';
import { AddAdminBody, AdminView, ChangeAdminBody, CreatedProjectView, CreateProjectBody, ProjectView } from '../schemas/project.schema.js';
import { adminView, projectView } from '../views/project.view.js';
import type { Route } from './route.js';
import { defineRoute } from './route.js';

const ProjectParams = Type.Object({ projectId: ProjectId });
const AdminParams = Type.Object({ projectId: ProjectId, adminId: AdminId });

/** The operator's routes: projects and their admins. */
export const projectRoutes: readonly Route[] = [
  defineRoute({
    method: 'post',
    path: '/v1/projects',
    operationId: 'createProject',
    summary: 'Create a project; its platform key is in this answer only.',
    tag: 'projects',
    caller: 'operator',
    body: CreateProjectBody,
    status: 201,
    response: CreatedProjectView,
    handle: async ({ deps, body }) => {
      const { project, platformKey } = unwrap(await deps.useCases.projects.createProject(body));
      return { ...projectView(project), platformKey };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/projects/:projectId',
    operationId: 'getProject',
    summary: 'Read a project.',
    tag: 'projects',
    caller: 'operator',
    params: ProjectParams,
    status: 200,
    response: ProjectView,
    outcomes: [404],
    handle: async ({ deps, params }) => projectView(unwrap(await deps.useCases.projects.getProject(params.projectId))),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/rotate-platform-key',
    operationId: 'rotatePlatformKey',
    summary: 'Give the project a new platform key, in this answer only; the old key is refused from the next request on.',
    tag: 'projects',
    caller: 'operator',
    params: ProjectParams,
    status: 200,
    response: CreatedProjectView,
    outcomes: [404],
    handle: async ({ deps, params }) => {
      const { project, platformKey } = unwrap(await deps.useCases.projects.rotatePlatformKey(params.projectId));
      return { ...projectView(project), platformKey };
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/projects/:projectId',
    operationId: 'deleteProject',
    summary:
      'Delete the project with all its data — admins and their keys, forms, triggers, webhooks, user states, activities, events, deliveries and attempts — at once. Its keys are refused from the next request on.',
    tag: 'projects',
    caller: 'operator',
    params: ProjectParams,
    status: 204,
    outcomes: [404],
    handle: async ({ deps, params }) => {
      unwrap(await deps.useCases.projects.deleteProject(params.projectId));
    },
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/admins',
    operationId: 'addAdmin',
    summary: 'Add an admin; an API admin gets an API key, in this answer only.',
    tag: 'projects',
    caller: 'operator',
    params: ProjectParams,
    body: AddAdminBody,
    status: 201,
    response: AdminView,
    outcomes: [404],
    handle: async ({ deps, params, body }) => adminView(unwrap(await deps.useCases.projects.addAdmin(params.projectId, body))),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/projects/:projectId/admins/:adminId',
    operationId: 'changeAdmin',
    summary:
      'Change `apiAdmin` or `active`. An admin who becomes an active API admin (promoted, or re-activated as one) gets a new API key, in this answer only; its old key stays refused. Re-activating any other admin drops its old key.',
    tag: 'projects',
    caller: 'operator',
    params: AdminParams,
    body: ChangeAdminBody,
    status: 200,
    response: AdminView,
    outcomes: [404],
    handle: async ({ deps, params, body }) => adminView(unwrap(await deps.useCases.projects.updateAdmin(params.projectId, params.adminId, body))),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/projects/:projectId/admins/:adminId/rotate-key',
    operationId: 'rotateAdminKey',
    summary: "Give an active API admin a new API key, in this answer only; the old key is refused from the next request on. 409 for an admin who is not an active API admin.",
    tag: 'projects',
    caller: 'operator',
    params: AdminParams,
    status: 200,
    response: AdminView,
    outcomes: [404, 409],
    handle: async ({ deps, params }) => adminView(unwrap(await deps.useCases.projects.rotateAdminKey(params.projectId, params.adminId))),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/projects/:projectId/admins/:adminId',
    operationId: 'removeAdmin',
    summary: 'Remove an admin; their key stops working at once.',
    tag: 'projects',
    caller: 'operator',
    params: AdminParams,
    status: 204,
    outcomes: [404],
    handle: async ({ deps, params }) => {
      unwrap(await deps.useCases.projects.removeAdmin(params.projectId, params.adminId));
    },
  }),
];
