import { ApiApp } from '@webhooks/composition';
import { freshDatabase } from './test-database.js';

/** The api app started for a test file, with the origin the browser opens. */
export interface ApiUnderTest {
  /** Where the browser goes: the api app itself (or the dev front, see {@link startUiFront}). */
  readonly origin: string;
  readonly apiUrl: string;
  readonly operatorToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the real api app in-process on 127.0.0.1 (on a fresh database, see {@link freshDatabase}; plain-http
 * and private targets allowed for the local receiver, its worker polling often; `env` on top) and
 * checks that it serves the page under /ui.
 */
export async function startApi(env: Readonly<Record<string, string>> = {}): Promise<ApiUnderTest> {
  const database = await freshDatabase();
  const app = new ApiApp({
    env: {
      PORT: '0',
      HOST: '127.0.0.1',
      ...database.env,
      OPERATOR_TOKEN: 'browser-tests-operator-token',
      ALLOW_HTTP_TARGETS: 'true',
      ALLOW_PRIVATE_TARGETS: 'true',
      LOG_LEVEL: 'silent',
      WORKER_POLL_MS: '200',
      ...env,
    },
  });
  const started = await app.start().catch(async (error: unknown) => {
    await app.stop().catch(() => undefined);
    await database.drop();
    throw error;
  });
  const origin = started.url;
  const stop = async () => {
    await app.stop();
    await database.drop();
  };
  const page = await fetch(`${origin}/ui/`);
  if (page.status !== 200 || !(page.headers.get('content-type') ?? '').startsWith('text/html')) {
    await stop();
    throw new Error(
      `The api app does not serve the page: GET /ui/ answered ${page.status}. the api app mounts serveUi() from @webhooks/web-ui.`,
    );
  }
  return { origin, apiUrl: started.url, operatorToken: started.operatorToken, stop };
}
