import { Writable } from 'node:stream';
import { ApiApp } from '../api-app.js';

/** The environment every suite starts the app with: a free port on loopback, local targets allowed. */
export const TEST_APP_ENV: Readonly<Record<string, string>> = {
  PORT: '0',
  HOST: '127.0.0.1',
  ALLOW_HTTP_TARGETS: 'true',
  ALLOW_PRIVATE_TARGETS: 'true',
  LOG_LEVEL: 'info',
  WORKER_POLL_MS: '200',
};

/** A started app, and every log line it wrote. */
export interface TestApp {
  readonly app: ApiApp;
  readonly url: string;
  readonly operatorToken: string;
  readonly logs: string[];
}

/** Starts the real api app (worker inside) with TEST_APP_ENV and `env` over it, capturing its logs. */
export async function startTestApp(env: Readonly<Record<string, string>>): Promise<TestApp> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = new ApiApp({ env: { ...TEST_APP_ENV, ...env }, logDestination: sink });
  try {
    const started = await app.start();
    return { app, url: started.url, operatorToken: started.operatorToken, logs };
  } catch (error) {
    await app.stop().catch(() => undefined);
    throw error;
  }
}
