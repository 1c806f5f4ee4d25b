import { afterAll, beforeAll } from '@jest/globals';
import { buildUi } from '@webhooks/web-ui';
import type { ApiUnderTest } from './api-under-test.js';
import { startApi } from './api-under-test.js';
import type { Browser } from './chromium.js';
import { launchChromium } from './chromium.js';
import type { ProjectFixture } from '@webhooks/test-kit';
import { Receiver } from '@webhooks/test-kit';
import { createFixtureProject } from './project-fixture.js';

/** What a test file shares: the api app, a receiver, the browser and a project. */
export interface Suite {
  readonly api: ApiUnderTest;
  readonly receiver: Receiver;
  readonly browser: Browser;
  readonly project: ProjectFixture;
}

/**
 * Builds the page, then starts Chromium, a receiver and the api app (with `env` over the test
 * environment) before the file's tests, with a fresh project, and stops them after. Answers a
 * getter, since the suite exists only once `beforeAll` has run.
 */
export function useSuite(name: string, env: Readonly<Record<string, string>> = {}): () => Suite {
  let suite: Suite | null = null;
  const parts: { api?: ApiUnderTest; receiver?: Receiver; browser?: Browser } = {};
  beforeAll(async () => {
    // The tests always test the current sources, not a dist/ left by an older install.
    await buildUi();
    parts.browser = await launchChromium();
    parts.receiver = await new Receiver().start();
    parts.api = await startApi(env);
    const project = await createFixtureProject(parts.api.apiUrl, parts.api.operatorToken, name);
    await parts.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: parts.api.origin });
    suite = { api: parts.api, receiver: parts.receiver, browser: parts.browser, project };
  }, 120_000);
  afterAll(async () => {
    await parts.browser?.close();
    await parts.api?.stop();
    await parts.receiver?.stop();
  }, 60_000);
  return () => {
    if (suite === null) throw new Error('the suite did not start: see the error of beforeAll');
    return suite;
  };
}
