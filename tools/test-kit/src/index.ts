/**
 * What the tests and tools share: the api and the worker as processes, a verifying receiver, a
 * fresh database, fixtures made through the HTTP API, free ports, processes in groups of their
 * own, and polling. (The api in-process is `startTestApp` of `@webhooks/composition/testing`.)
 */
export { ApiClient } from './api-client.js';
export type { ApiAnswer, Transport } from './api-client.js';
export { serviceDatabase } from './database.js';
export type { ServiceDatabase } from './database.js';
export { createProject, createWebhook, expectStatus, putForm, reportActivity, settled, uid, user } from './fixtures.js';
export type { ProjectFixture, ProjectOptions, WebhookFixture } from './fixtures.js';
export { freePort, unusedUrl } from './free-port.js';
export { FROM_SOURCES, ROOT, TestProcess, killAll, lastJsonLine, startProcess, startSource } from './process.js';
export type { ProcessOptions } from './process.js';
export { Receiver } from './receiver.js';
export type { Behaviour, Received } from './receiver.js';
export { API_MAIN, TEST_SERVICE_ENV, WORKER_MAIN, startApiProcess, startWorkerProcess } from './service-process.js';
export type { ApiProcess, ServiceProcessOptions } from './service-process.js';
export { counterOf, startWithTroubledStdout, statusOf, untilHealthy } from './troubled-stdout.js';
export type { StdoutTrouble, TroubledProcess } from './troubled-stdout.js';
export { until } from './until.js';
