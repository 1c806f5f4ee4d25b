/** An answer of the API. */
export interface ApiAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** How a request goes out: `fetch` by default; a suite that records every exchange passes its own. */
export type Transport = (url: string, init: { readonly method: string; readonly headers: Record<string, string>; readonly body?: string }) => Promise<{ readonly status: number; readonly text: string; readonly headers: Headers }>;

const fetchTransport: Transport = async (url, init) => {
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text(), headers: res.headers };
};

/** A tiny JSON client of the service, as one caller (bearer token). */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    private readonly transport: Transport = fetchTransport,
  ) {}

  /** The same client as another caller. */
  as(token: string | undefined): ApiClient {
    return new ApiClient(this.baseUrl, token, this.transport);
  }

  /** Sends a request; the body is JSON-encoded unless it is a string. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = {};
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.transport(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = res.text;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.call<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}) {
    return this.call<T>('POST', path, body);
  }

  put<T = Record<string, unknown>>(path: string, body: unknown) {
    return this.call<T>('PUT', path, body);
  }

  patch<T = Record<string, unknown>>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, body);
  }

  delete<T = Record<string, unknown>>(path: string) {
    return this.call<T>('DELETE', path);
  }
}
