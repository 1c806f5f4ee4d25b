import { useState } from 'preact/hooks';
import { ApiClient } from '../api/api-client.js';
import type { Credentials } from '../api/api-client.js';
import { problemMessage } from '../api/api-result.js';
import { Field } from '../ui/field.js';
import { Notice } from '../ui/notice.js';
import { PageHeading } from '../ui/page-heading.js';

/** Props of {@link SignInView}. */
export interface SignInViewProps {
  readonly notice: string | null;
  readonly onSignedIn: (credentials: Credentials) => void;
}

type Errors = { readonly projectId?: string; readonly apiKey?: string; readonly general?: string };

/**
 * Asks for the project id and an API admin's key, and checks them by listing the project's
 * webhooks: a 401 means the key is wrong, a 404 that the project is not this key's.
 */
export function SignInView({ notice, onSignedIn }: SignInViewProps) {
  const [projectId, setProjectId] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const credentials = { projectId: projectId.trim(), apiKey: apiKey.trim() };
    const missing: { projectId?: string; apiKey?: string } = {};
    if (credentials.projectId === '') missing.projectId = 'Enter the project id.';
    if (credentials.apiKey === '') missing.apiKey = 'Enter your API key.';
    if (Object.keys(missing).length > 0) return setErrors(missing);
    setBusy(true);
    const result = await new ApiClient(credentials).webhooks();
    setBusy(false);
    if (result.kind === 'ok') return onSignedIn(credentials);
    const { problem } = result;
    if (problem.status === 401) setErrors({ apiKey: 'This API key is not accepted: check it, or ask the operator for a new one.' });
    else if (problem.status === 404) setErrors({ projectId: 'No such project for this API key.' });
    else if (problem.status === 422) setErrors({ projectId: problem.errors?.[0]?.message ?? problemMessage(problem) });
    else setErrors({ general: `Signing in failed: ${problemMessage(problem)}` });
  };

  return (
    <main id="main" class="sign-in">
      <PageHeading title="Sign in">Webhooks</PageHeading>
      <p>Sign in as an API admin of your project to configure its webhooks and read their deliveries.</p>
      {notice !== null && <Notice tone="info">{notice}</Notice>}
      {errors.general !== undefined && <Notice tone="error">{errors.general}</Notice>}
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Sign in">
        <Field id="sign-in-project" label="Project id" hint="As the operator gave it, such as prj_01J…" error={errors.projectId}>
          {(control) => <input {...control} name="projectId" autoComplete="off" spellcheck={false} value={projectId} onInput={(e) => setProjectId(e.currentTarget.value)} />}
        </Field>
        <Field id="sign-in-key" label="API key" hint="Kept for this browser tab only, until you sign out or close it." error={errors.apiKey}>
          {(control) => <input {...control} name="apiKey" type="password" autoComplete="off" value={apiKey} onInput={(e) => setApiKey(e.currentTarget.value)} />}
        </Field>
        <button type="submit" class="button--primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
