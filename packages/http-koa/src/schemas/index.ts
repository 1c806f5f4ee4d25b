/** Every request and response schema of the API (TypeBox, JSON Schema native). */
export * from './common.schema.js';
export * from './problem.schema.js';
export * from './system.schema.js';
export * from './project.schema.js';
export * from './form.schema.js';
export * from './activity.schema.js';
export * from './interaction.schema.js';
export * from './webhook.schema.js';
export * from './delivery.schema.js';
export * from './user-forms.schema.js';
export * from './listen.schema.js';
