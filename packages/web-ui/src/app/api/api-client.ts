import type { ApiResult } from './api-result.js';
import { networkProblem } from './api-result.js';
import type {
  BulkResend,
  Delivery,
  DeliveryCounts,
  DeliveryDetail,
  DeliveryStatus,
  EventType,
  Form,
  Page,
  Problem,
  ResponseClass,
  TestSend,
  Webhook,
  WebhookInput,
  WebhookStats,
  WebhookWithSecret,
} from './api-types.js';

/** Who is signed in: a project and one of its API admins' keys. */
export interface Credentials {
  readonly projectId: string;
  readonly apiKey: string;
}

/** Filters of the delivery log; absent ones are not applied. */
export interface DeliveryFilter {
  readonly webhookId?: string;
  readonly event?: string;
  readonly status?: DeliveryStatus;
  /** Created at or after (ISO). */
  readonly from?: string;
  /** Created before (ISO). */
  readonly to?: string;
  readonly responseClass?: ResponseClass;
  /** `msg_…`, the `webhook-id` a receiver saw. */
  readonly eventId?: string;
  /** A user id or username, exactly. */
  readonly applicant?: string;
  /** The deliveries the bulk resend of this time (ISO) started again. */
  readonly resentAt?: string;
}

/** The largest page the API gives. */
const MAX_PAGE = 100;

/**
 * The API admin's routes of the HTTP API, called with the signed-in key. Every call answers an
 * {@link ApiResult}; a 401 also calls `onUnauthorized`, so the page can ask to sign in again.
 */
export class ApiClient {
  constructor(
    readonly credentials: Credentials,
    private readonly onUnauthorized: (problem: Problem) => void = () => undefined,
    private readonly baseUrl = '',
  ) {}

  private get project(): string {
    return `/v1/projects/${encodeURIComponent(this.credentials.projectId)}`;
  }

  /** The event catalog: the events of the project's system, with samples. */
  eventTypes(): Promise<ApiResult<Page<EventType>>> {
    return this.call('GET', `${this.project}/event-types`);
  }

  /** The project's forms; a 404 or 405 means this deployment has no such route yet. */
  forms(): Promise<ApiResult<Page<Form>>> {
    return this.call('GET', `${this.project}/forms`);
  }

  /** One page of the project's webhooks, in creation order. */
  webhooks(cursor?: string): Promise<ApiResult<Page<Webhook>>> {
    return this.call('GET', `${this.project}/webhooks${query({ limit: String(MAX_PAGE), cursor })}`);
  }

  /** Every webhook's health over the last 24 hours, in one call. */
  webhookStats(): Promise<ApiResult<WebhookStats>> {
    return this.call('GET', `${this.project}/webhook-stats`);
  }

  /** One webhook. */
  webhook(id: string): Promise<ApiResult<Webhook>> {
    return this.call('GET', `${this.webhookPath(id)}`);
  }

  /** Creates a webhook; the answer carries its secret, shown once. */
  createWebhook(input: WebhookInput): Promise<ApiResult<WebhookWithSecret>> {
    return this.call('POST', `${this.project}/webhooks`, input);
  }

  /** Changes a webhook. */
  updateWebhook(id: string, change: Partial<WebhookInput>): Promise<ApiResult<Webhook>> {
    return this.call('PATCH', this.webhookPath(id), change);
  }

  /** Deletes a webhook (its delivery log stays). */
  deleteWebhook(id: string): Promise<ApiResult<null>> {
    return this.call('DELETE', this.webhookPath(id));
  }

  /** Issues a new signing secret, shown once; the old one keeps signing for `graceHours` (0: stops now). */
  rotateSecret(id: string, graceHours: number): Promise<ApiResult<WebhookWithSecret>> {
    return this.call('POST', `${this.webhookPath(id)}/rotate-secret${query({ graceHours: String(graceHours) })}`);
  }

  /** Sends a sample event now and answers its attempt. */
  sendTest(id: string): Promise<ApiResult<TestSend>> {
    return this.call('POST', `${this.webhookPath(id)}/test`);
  }

  /** One page of the delivery log, newest first. */
  deliveries(filter: DeliveryFilter, options: { readonly cursor?: string; readonly limit?: number } = {}): Promise<ApiResult<Page<Delivery>>> {
    const params = { ...filter, limit: String(options.limit ?? MAX_PAGE), cursor: options.cursor };
    return this.call('GET', `${this.project}/deliveries${query(params)}`);
  }

  /** One delivery with every attempt. */
  delivery(id: string): Promise<ApiResult<DeliveryDetail>> {
    return this.call('GET', this.deliveryPath(id));
  }

  /** The deliveries the log's filters match, counted by status (with `resentAt`: how far a bulk resend has come). */
  deliveryCounts(filter: DeliveryFilter): Promise<ApiResult<DeliveryCounts>> {
    return this.call('GET', `${this.project}/deliveries/counts${query({ ...filter })}`);
  }

  /**
   * Resends (or, on a dry run, only counts) the failed deliveries the log's filters match, in one
   * call: the API applies the resend rules to each and counts the skipped by reason. `from` is
   * sent as `since`; without it, however old.
   */
  resendFailed(filter: DeliveryFilter, dryRun: boolean): Promise<ApiResult<BulkResend>> {
    const { status: _status, from, ...rest } = filter;
    const given = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined && value !== ''));
    return this.call('POST', `${this.project}/deliveries/resend-failed`, { ...(from === undefined || from === '' ? {} : { since: from }), ...given, dryRun });
  }

  /** Queues a delivery again, due now. */
  resend(id: string): Promise<ApiResult<DeliveryDetail>> {
    return this.call('POST', `${this.deliveryPath(id)}/resend`);
  }

  private webhookPath(id: string): string {
    return `${this.project}/webhooks/${encodeURIComponent(id)}`;
  }

  private deliveryPath(id: string): string {
    return `${this.project}/deliveries/${encodeURIComponent(id)}`;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', Authorization: `Bearer ${this.credentials.apiKey}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }), cache: 'no-store' });
    } catch (error) {
      return { kind: 'problem', problem: networkProblem(error) };
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (response.ok) return { kind: 'ok', status: response.status, value: (parsed ?? null) as T };
    const problem = asProblem(parsed, response);
    if (response.status === 401) this.onUnauthorized(problem);
    return { kind: 'problem', problem };
  }
}

function query(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function asProblem(body: unknown, response: Response): Problem {
  if (typeof body === 'object' && body !== null && 'title' in body) return { ...(body as Problem), status: response.status };
  return { title: response.statusText || `HTTP ${response.status}`, status: response.status };
}
