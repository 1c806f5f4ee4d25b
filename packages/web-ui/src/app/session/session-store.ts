import type { Credentials } from '../api/api-client.js';

const KEY = 'webhooks-ui.session';

/**
 * The signed-in project and API key, kept in `sessionStorage`: for this browser tab's session
 * only, gone when it closes, never written to `localStorage` or a cookie.
 */
export const sessionStore = {
  load(storage: Storage = sessionStorage): Credentials | null {
    try {
      const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Credentials> | null;
      return typeof value?.projectId === 'string' && typeof value.apiKey === 'string' ? { projectId: value.projectId, apiKey: value.apiKey } : null;
    } catch {
      return null;
    }
  },
  save(credentials: Credentials, storage: Storage = sessionStorage): void {
    storage.setItem(KEY, JSON.stringify({ projectId: credentials.projectId, apiKey: credentials.apiKey }));
  },
  clear(storage: Storage = sessionStorage): void {
    storage.removeItem(KEY);
  },
};
