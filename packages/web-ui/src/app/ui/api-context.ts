import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.js';

/** The signed-in API client, given to every view below the shell. */
export const ApiContext = createContext<ApiClient | null>(null);

/** The signed-in API client; only views under the shell call it. */
export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi called outside of the signed-in shell');
  return api;
}
