import type { FormInteraction } from '../model/activity.js';
import type { FieldError } from '../model/result.js';
import { numberIdProblem } from './platform-id.js';
import { userErrors } from './user-errors.js';

/**
 * What is wrong with a form interaction beyond its shape, each named by its field's dotted path;
 * empty when nothing is: a number id that is not a whole number from 0 to 2^53 − 1, the user's
 * `fields` out of bounds, and a submission that does not say whether it completes its form —
 * `complete` is required there (never read as false when left out).
 */
export function interactionErrors(interaction: FormInteraction): FieldError[] {
  const errors: FieldError[] = [];
  const id = numberIdProblem(interaction.id);
  if (id !== null) errors.push({ path: 'id', message: id });
  errors.push(...userErrors(interaction.user, 'user'));
  if (interaction.moment === 'submission' && typeof interaction.complete !== 'boolean') {
    errors.push({ path: 'complete', message: 'is required on a submission: true when it completes the form, false when not' });
  }
  return errors;
}
