import type { ApiApp } from '@webhooks/composition';
import type { TestDatabase } from './database.js';
import { freshDatabase } from './database.js';
import { HttpClient } from './http-client.js';
import { startTestApp } from '@webhooks/composition/testing';
import { Receiver } from '@webhooks/test-kit';

/** The operator token every suite starts the service with. */
export const OPERATOR_TOKEN = 'operator-token-for-hardening-suites';

/** What the suites talk to: the service's URL, the operator token, a raw client, and the receiver its webhooks point at. */
export interface ServiceHandle {
  readonly url: string;
  readonly operatorToken: string;
  readonly http: HttpClient;
  readonly receiver: Receiver;
}

/** The real api app (worker inside) on a database, a receiver, a raw client and the captured logs. */
export interface Service extends ServiceHandle {
  readonly app: ApiApp;
  readonly database: TestDatabase | null;
  /** Every log line the service wrote. */
  readonly logs: string[];
  stop(): Promise<void>;
}

/** Options of {@link startService}. */
export interface ServiceOptions {
  /** The suite's name, for its database. */
  readonly suite: string;
  /** More environment (it wins over the defaults). */
  readonly env?: Readonly<Record<string, string>>;
  /** Use this DATABASE_URL instead of a fresh database (the fault suite's private cluster). */
  readonly databaseUrl?: string;
}

/** Starts the real api app on a fresh database (or the one given), plus a receiver on 127.0.0.1. */
export async function startService(options: ServiceOptions): Promise<Service> {
  const database = options.databaseUrl ? null : await freshDatabase(options.suite);
  let started;
  try {
    started = await startTestApp({ OPERATOR_TOKEN, ...(database ? database.env : { DATABASE_URL: options.databaseUrl ?? '' }), ...options.env });
  } catch (error) {
    await database?.drop().catch(() => undefined);
    throw error;
  }
  const { app, logs } = started;
  const receiver = await new Receiver().start();
  const http = new HttpClient(started.url);
  return {
    app,
    url: started.url,
    operatorToken: started.operatorToken,
    http,
    receiver,
    database,
    logs,
    async stop() {
      http.close();
      await receiver.stop();
      await app.stop();
      await database?.drop();
    },
  };
}
