import type { Form } from '@webhooks/domain';
import type { FormView } from '../schemas/form.schema.js';

/** A form as answered. */
export function formView(form: Form): FormView {
  return { id: form.id, name: form.name, audience: form.audience, mandatory: form.mandatory, reach: form.reach };
}
