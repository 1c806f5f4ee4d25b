import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { DateTime, MAX_NAME, Strict, StringEnum } from './common.schema.js';
import { SecretString } from './secret-field.js';

/** A new project. */
export const CreateProjectBody = Strict({
  name: Type.String({ minLength: 1, maxLength: MAX_NAME }),
  system: StringEnum(['individual', 'family'], 'How the project organises applicants.'),
});
export type CreateProjectBody = Static<typeof CreateProjectBody>;

const projectFields = {
  id: Type.String(),
  name: Type.String(),
  system: StringEnum(['individual', 'family']),
  createdAt: DateTime,
};

/** A project. */
export const ProjectView = Strict(projectFields);
export type ProjectView = Static<typeof ProjectView>;

/** A project with its platform key, in the answer that issued it (create, rotate-platform-key): shown once. */
export const CreatedProjectView = Strict({
  ...projectFields,
  platformKey: SecretString({ description: 'The platform key (`pk_…`): shown once, stored hashed.' }),
});
export type CreatedProjectView = Static<typeof CreatedProjectView>;

/** A new admin. */
export const AddAdminBody = Strict({
  email: Type.String({ format: 'email', minLength: 3, maxLength: 254 }),
  apiAdmin: Type.Boolean({ description: 'An API admin gets an API key and may configure webhooks.' }),
});
export type AddAdminBody = Static<typeof AddAdminBody>;

/** A change of an admin. */
export const ChangeAdminBody = Strict(
  {
    apiAdmin: Type.Optional(Type.Boolean({ description: 'Making an admin an (active) API admin issues a new key.' })),
    active: Type.Optional(Type.Boolean({ description: 'An inactive admin’s key opens nothing; re-activating never revives it (an API admin gets a new key).' })),
  },
  { minProperties: 1 },
);
export type ChangeAdminBody = Static<typeof ChangeAdminBody>;

/** An admin, with the API key when one was just issued (shown once). */
export const AdminView = Strict({
  id: Type.String(),
  email: Type.String(),
  apiAdmin: Type.Boolean(),
  active: Type.Boolean(),
  createdAt: DateTime,
  apiKey: Type.Optional(SecretString({ description: 'The API key (`ak_…`), only in the answer that issued it.' })),
});
export type AdminView = Static<typeof AdminView>;
