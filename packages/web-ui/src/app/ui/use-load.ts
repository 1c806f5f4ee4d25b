import type { Inputs } from 'preact/hooks';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ApiResult } from '../api/api-result.js';
import { problemMessage } from '../api/api-result.js';

/** What a view shows while it loads: still loading, the value, or why it failed. */
export type Load<T> = { readonly kind: 'loading' } | { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'error'; readonly message: string };

/**
 * Runs `load` when `inputs` change and on `reload()`; an answer that arrives after a newer
 * request started is dropped, so a slow old answer never replaces a newer one.
 */
export function useLoad<T>(load: () => Promise<ApiResult<T>>, inputs: Inputs): { readonly state: Load<T>; readonly reload: () => void } {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    load().then(
      (result) => {
        if (!current) return;
        setState(result.kind === 'ok' ? { kind: 'ok', value: result.value } : { kind: 'error', message: problemMessage(result.problem) });
      },
      (error: unknown) => current && setState({ kind: 'error', message: String(error) }),
    );
    return () => {
      current = false;
    };
    // The caller names the inputs `load` depends on, as with useEffect.
  }, [...inputs, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { state, reload };
}
