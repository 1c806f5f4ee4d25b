/** Completion: which forms a user (or child) must fill, and when user_complete / child_complete fire. */
export { roleOf } from './role-of.js';
export { audienceFor } from './audience-for.js';
export { audienceMismatch } from './audience-mismatch.js';
export { userForms } from './user-forms.js';
export { isComplete } from './is-complete.js';
export { completionEdge } from './completion-edge.js';
export { stateOf } from './state-of.js';
export { assignOnAccountCreated } from './assign-on-account-created.js';
export { assignOnChildCreated } from './assign-on-child-created.js';
export { applySubmission } from './apply-submission.js';
export { assignForm, unassignForm } from './platform-assignment.js';
