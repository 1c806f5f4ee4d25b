import { PAYMENT_KINDS, isPaymentKind } from '../catalog/payment-kinds.js';
import type { Activity } from '../model/activity.js';
import type { FieldError } from '../model/result.js';
import { numberIdProblem } from './platform-id.js';
import { userErrors } from './user-errors.js';

/**
 * What is wrong with an activity beyond its shape (which the caller's schema checks), each named
 * by its field's dotted path; empty when nothing is: a number id that is not a whole number from 0
 * to 2^53 − 1, a user's `fields` out of bounds (`USER_FIELDS_LIMITS`), a payment `kind` not of
 * {@link PAYMENT_KINDS}.
 */
export function activityErrors(activity: Activity): FieldError[] {
  const errors: FieldError[] = [];
  const id = numberIdProblem(activity.id);
  if (id !== null) errors.push({ path: 'id', message: id });
  if ('user' in activity) errors.push(...userErrors(activity.user, 'user'));
  else activity.users.forEach((user, i) => errors.push(...userErrors(user, `users.${i}`)));
  if (activity.type === 'payment' && !isPaymentKind(activity.kind)) {
    errors.push({ path: 'kind', message: `must be one of: ${PAYMENT_KINDS.join(', ')}` });
  }
  return errors;
}
