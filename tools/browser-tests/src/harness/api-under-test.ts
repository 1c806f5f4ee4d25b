import { startTestApp } from '@webhooks/composition/testing';
import { serviceDatabase } from '@webhooks/test-kit';

/** The api app started for a test file, with the origin the browser opens. */
export interface ApiUnderTest {
  /** Where the browser goes: the api app itself. */
  readonly origin: string;
  readonly apiUrl: string;
  readonly operatorToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the real api app in-process (`startTestApp`, on a fresh database of the test kit, quiet,
 * `env` on top) and checks that it serves the page under /ui.
 */
export async function startApi(env: Readonly<Record<string, string>> = {}): Promise<ApiUnderTest> {
  const database = await serviceDatabase('browser');
  const { app, url, operatorToken } = await startTestApp({ ...database.env, OPERATOR_TOKEN: 'browser-tests-operator-token', LOG_LEVEL: 'silent', ...env }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const stop = async () => {
    await app.stop();
    await database.drop();
  };
  const page = await fetch(`${url}/ui/`);
  if (page.status !== 200 || !(page.headers.get('content-type') ?? '').startsWith('text/html')) {
    await stop();
    throw new Error(`The api app does not serve the page: GET /ui/ answered ${page.status}. the api app mounts serveUi() from @webhooks/web-ui.`);
  }
  return { origin: url, apiUrl: url, operatorToken, stop };
}
