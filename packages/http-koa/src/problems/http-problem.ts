import type { ConflictDetails, FieldError } from '@webhooks/domain';

/** The prefix of every problem `type`: a URN, stable whatever the deployment's host. */
export const PROBLEM_TYPE_PREFIX = 'urn:webhooks:problem:';

/** An RFC 9457 problem body. */
export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
  readonly existingId?: string;
  readonly reason?: string;
  readonly inUseBy?: Readonly<Record<string, readonly string[]>>;
}

/**
 * An HTTP error to answer as `application/problem+json`. Routes and guards throw it; the first
 * middleware turns it into the response. Anything else thrown is a bug and becomes a bare 500.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    /** The last part of the problem `type` URN, such as `validation`. */
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: { readonly errors?: readonly FieldError[] } & ConflictDetails = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail ?? title);
    this.name = 'HttpProblem';
  }

  /** The body to send, tagged with the request id. */
  body(requestId: string | undefined): ProblemBody {
    return {
      type: `${PROBLEM_TYPE_PREFIX}${this.slug}`,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(requestId === undefined ? {} : { requestId }),
      ...this.extensions,
    };
  }
}

/** The problems this API answers with, one factory each. */
export const problems = {
  malformedJson: (detail: string) => new HttpProblem(400, 'malformed-json', 'Malformed JSON', detail),
  /** The body's bytes are not UTF-8: refused, never decoded with replacement characters. */
  invalidEncoding: () => new HttpProblem(400, 'invalid-encoding', 'Bad Request', 'the body is not valid UTF-8: JSON bodies must be encoded as UTF-8'),
  incompleteBody: () => new HttpProblem(400, 'incomplete-body', 'Bad Request', 'the body was not received in full'),
  unauthorized: () =>
    new HttpProblem(401, 'unauthorized', 'Unauthorized', 'a valid bearer token is required', {}, { 'WWW-Authenticate': 'Bearer realm="webhooks"' }),
  forbidden: (detail: string) => new HttpProblem(403, 'forbidden', 'Forbidden', detail),
  /** The same body for an unknown id and for another project's id, so ids do not leak. */
  notFound: (what: string) => new HttpProblem(404, 'not-found', 'Not Found', `${what} not found`),
  methodNotAllowed: () => new HttpProblem(405, 'method-not-allowed', 'Method Not Allowed', 'this route does not answer that method'),
  /** `details` (the domain's): `existingId`, a machine-readable `reason`, `inUseBy` — those given. */
  conflict: (detail: string, details: ConflictDetails = {}) => new HttpProblem(409, 'conflict', 'Conflict', detail, details),
  tooLarge: (limitBytes: number) => new HttpProblem(413, 'body-too-large', 'Content Too Large', `the body must be at most ${limitBytes} bytes`),
  unsupportedMediaType: (detail: string) => new HttpProblem(415, 'unsupported-media-type', 'Unsupported Media Type', detail),
  invalid: (errors: readonly FieldError[]) =>
    new HttpProblem(422, 'validation', 'Validation Failed', 'the request has invalid fields: see errors', { errors }),
  internal: () => new HttpProblem(500, 'internal', 'Internal Server Error'),
  notReady: () => new HttpProblem(503, 'not-ready', 'Service Unavailable', 'the service cannot reach its database'),
  /** A call to the database failed because it cannot be reached: nothing was done; try again. */
  storageUnavailable: () =>
    new HttpProblem(503, 'storage-unavailable', 'Service Unavailable', 'the service cannot reach its database: nothing was done, try again', {}, { 'Retry-After': '1' }),
} as const;
