/**
 * A typed client of the webhook service's HTTP API: the types openapi-typescript generated from
 * the service's OpenAPI document (`./generated/schema.ts`), and openapi-fetch over them.
 */
import createClient from 'openapi-fetch';
import type { Client } from 'openapi-fetch';
import type { components, paths, webhooks } from './generated/schema.js';

export type { components, operations, paths, webhooks } from './generated/schema.js';

/** How to reach the service, and as whom. */
export interface WebhooksClientOptions {
  /** The service's URL, such as `http://127.0.0.1:8080`. */
  readonly baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`: the operator token, a platform key (`pk_…`) or an API admin key (`ak_…`). */
  readonly token?: string | undefined;
  /** A fetch to use instead of the global one. */
  readonly fetch?: typeof globalThis.fetch;
}

/** The client: `GET`, `POST`, `PUT`, `PATCH`, `DELETE` by path, typed by the document. */
export type WebhooksClient = Client<paths>;

/** A client of the service as one caller. */
export function createWebhooksClient(options: WebhooksClientOptions): WebhooksClient {
  return createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.token ? { headers: { authorization: `Bearer ${options.token}` } } : {}),
  });
}

/** A schema of the document by its name (`Decision`, `Webhook`, `Problem`, …). */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The decision of an interactive call. */
export type Decision = Schema<'Decision'>;
/** An activity the platform reports. */
export type Activity = Schema<'Activity'>;
/** An application/problem+json error. */
export type Problem = Schema<'Problem'>;

/** What a webhook of the catalog receives, by its name in the document (`user_registered`, `form_submit_*`). */
export type EventPayload<Name extends keyof webhooks> = NonNullable<webhooks[Name]['post']['requestBody']>['content']['application/json'];
/** What an interactive subscriber may answer. */
export type SubscriberAnswer = Schema<'SubscriberAnswer'>;
