import fc from 'fast-check';
import type { RawRequest } from '../support/http-client.js';
import { bodyFaults, deepText } from './body-faults.js';
import { HOSTILE_STRINGS, enumMisses, patternMisses } from './hostile-values.js';
import type { Caller, Operation, Parameter, Schema } from './openapi-operations.js';
import { fillPath } from './openapi-operations.js';
import type { ValueContext } from './schema-values.js';
import { validValue } from './schema-values.js';

/** A request broken in one way, and what the contract says it must get. */
export interface FaultyRequest {
  readonly operationId: string;
  /** The family of the fault: `body.wrong-type`, `path.malformed-id`, `query.unknown-param`, `header.content-type`, … */
  readonly kind: string;
  /** Where: a dotted body path, a parameter name, a header. */
  readonly at: string;
  readonly request: RawRequest;
  /** The statuses the contract allows. */
  readonly expect: readonly number[];
  /** For a 422: the field its `errors` must name (itself, its parent or a field inside it). */
  readonly names?: string;
}

/** What a route needs to be called for real: ids of existing things, tokens, valid values. */
export interface Target {
  /** A real value for each path parameter (`projectId`, `webhookId`, …). */
  readonly params: Readonly<Record<string, string>>;
  readonly token: (caller: Caller) => string | undefined;
  readonly values: ValueContext;
  readonly maxBodyBytes: number;
}

/** Byte sequences that are not UTF-8: a lone lead byte, a stray continuation byte, an overlong `/`, a UTF-16 surrogate, past U+10FFFF, 0xFF. */
const NOT_UTF8: readonly (readonly number[])[] = [[0xe0], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xff]];

/** `text` as UTF-8 with `bytes` put at the start of its first string value (or before it, when it has none). */
function withBytes(text: string, bytes: readonly number[]): Buffer {
  const json = Buffer.from(text, 'utf8');
  const value = json.indexOf('":"');
  const at = value < 0 ? 0 : value + 3;
  return Buffer.concat([json.subarray(0, at), Buffer.from(bytes), json.subarray(at)]);
}

/** Bodies that are no JSON text. */
const MALFORMED_JSON: readonly string[] = [
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '[1,2',
  'undefined',
  '{"a":1}{"b":2}',
  '\u0000',
  'nul',
  '"\\u12"',
  '{"a":01}',
  '{"a":1e}',
  '{"a":1} x',
  '\ufeff{}',
  '{"a":"\u0001"}',
  '{"a":"b\nc"}',
  '{"__proto__":}',
  '-',
  '.5',
  '{"a" 1}',
  '/*c*/{}',
  '{}//',
  '\u2028{}',
  `${'['.repeat(100_000)}`,
  `${'{"a":'.repeat(50_000)}`,
];

/** Content types that are not JSON. */
const NOT_JSON_TYPES: readonly (string | null)[] = [
  null,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/json',
  'application/jsonp',
  'application/xml',
  'json',
  '*/*',
];

/** Percent-encodes every byte of the UTF-8 of `value` but the unreserved ones (lone surrogates become U+FFFD). */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Path segments with broken percent-encoding, sent as written. */
const BAD_ENCODINGS: readonly string[] = ['%', '%zz', '%E0%A4%A', '%C0%AF', '%FF', '%ED%A0%80', '%00'];

/** Well-formed ids of nothing. */
const unknownId = (schema: Schema): fc.Arbitrary<string> => {
  const pattern = typeof schema['pattern'] === 'string' ? schema['pattern'] : '^[A-Za-z0-9]{1,20}$';
  const prefix = /^\^([a-z]+)_/.exec(pattern)?.[1];
  return prefix ? fc.stringMatching(/^[A-Za-z0-9]{8,26}$/).map((s) => `${prefix}_${s}`) : fc.stringMatching(/^[A-Za-z0-9]{8,26}$/);
};

/** Builds one request of `op` from its parts. */
function requestOf(op: Operation, target: Target, parts: { params?: Record<string, string>; query?: string; body?: string | Buffer; headers?: Record<string, string | null>; chunked?: boolean }): RawRequest {
  const encoded = Object.fromEntries(Object.entries(target.params).map(([k, v]) => [k, percentEncode(v)]));
  const path = fillPath(op.template, { ...encoded, ...parts.params }) + (parts.query ? `?${parts.query}` : '');
  const token = target.token(op.caller);
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (parts.body !== undefined) headers['content-type'] = 'application/json';
  for (const [name, value] of Object.entries(parts.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  return { method: op.method, path, headers, ...(parts.body === undefined ? {} : { body: parts.body }), ...(parts.chunked ? { chunked: true } : {}) };
}

/** What a malformed path parameter answers: 422 where the caller chooses the id (PUT form/trigger), else 404. */
function malformedParamStatus(op: Operation, param: Parameter): number {
  return op.method === 'PUT' && param.name !== 'projectId' ? 422 : 404;
}

/**
 * Every way of breaking a request of `op` that the contract answers with a 4xx: its body (one
 * field at a time, or whole: none, not JSON, not an object, too large, wrong content type or
 * encoding), its path parameters (malformed, badly encoded, unknown) and its query (bad values,
 * unknown or repeated parameters, cursors the service never made).
 */
export function requestFaults(op: Operation, target: Target): fc.Arbitrary<FaultyRequest> {
  const families: fc.Arbitrary<FaultyRequest>[] = [];
  const base = { operationId: op.operationId };
  const validBody = op.body ? validValue(op.body, target.values).map((v) => JSON.stringify(v)) : fc.constant(undefined);
  const limit = target.maxBodyBytes;
  const bodyStatus = (text: string): number[] => (Buffer.byteLength(text) > limit ? [413] : [422]);

  if (op.body) {
    families.push(
      bodyFaults(op.body, target.values).map((f) => ({ ...base, kind: `body.${f.kind.replace(/-\d+$/, '')}`, at: f.at, request: requestOf(op, target, { body: f.text }), expect: bodyStatus(f.text), names: f.at })),
      fc.constantFrom('null', '42', '"s"', '[]', 'true', '-0', '1e400', deepText(100_000, 'array')).map((text) => ({ ...base, kind: 'body.not-an-object', at: '', request: requestOf(op, target, { body: text }), expect: [422], names: '' })),
      fc.constantFrom(undefined, '', ' ', '\n\t').map((text) => ({
        ...base,
        kind: 'body.missing',
        at: '',
        request: requestOf(op, target, text === undefined ? {} : { body: text }),
        expect: [422],
        names: '',
      })),
      fc.oneof(
        fc.constantFrom(...MALFORMED_JSON),
        validBody.chain((text) => fc.integer({ min: 1, max: Math.max(1, (text ?? '{}').length - 1) }).map((cut) => (text ?? '{}').slice(0, cut))).filter((t) => t.trim() !== '' && !parses(t)),
      ).map((text) => ({ ...base, kind: 'body.malformed-json', at: '', request: requestOf(op, target, { body: text }), expect: [400] })),
      fc.tuple(validBody, fc.constantFrom(...NOT_JSON_TYPES)).map(([text, type]) => ({
        ...base,
        kind: 'header.content-type',
        at: String(type),
        request: requestOf(op, target, { body: text ?? '{}', headers: { 'content-type': type } }),
        expect: [415],
      })),
      fc.tuple(validBody, fc.constantFrom('gzip', 'br', 'deflate', 'x-unknown')).map(([text, encoding]) => ({
        ...base,
        kind: 'header.content-encoding',
        at: encoding,
        request: requestOf(op, target, { body: text ?? '{}', headers: { 'content-encoding': encoding } }),
        expect: [415],
      })),
      fc.tuple(validBody, fc.constantFrom(...NOT_UTF8)).map(([text, bytes]) => ({
        ...base,
        kind: 'body.not-utf8',
        at: Buffer.from(bytes).toString('hex'),
        request: requestOf(op, target, { body: withBytes(text ?? '{}', bytes) }),
        expect: [400],
      })),
      fc.tuple(fc.integer({ min: 1, max: 4096 }), fc.boolean()).map(([extra, chunked]) => ({
        ...base,
        kind: chunked ? 'body.oversize-chunked' : 'body.oversize',
        at: '',
        request: requestOf(op, target, { body: `{"pad":"${'x'.repeat(limit + extra)}"}`, chunked }),
        expect: [413],
      })),
    );
  }

  for (const param of op.pathParams) {
    const status = malformedParamStatus(op, param);
    const misses = patternMisses(typeof param.schema['pattern'] === 'string' ? param.schema['pattern'] : '^$', HOSTILE_STRINGS).filter((m) => m !== '');
    families.push(
      fc.tuple(fc.constantFrom(...misses), validBody).map(([value, body]) => ({
        ...base,
        kind: 'path.malformed-id',
        at: param.name,
        request: requestOf(op, target, { params: { [param.name]: percentEncode(value) }, ...(body === undefined ? {} : { body }) }),
        expect: [status],
        ...(status === 422 ? { names: param.name } : {}),
      })),
      fc.tuple(fc.constantFrom(...BAD_ENCODINGS), validBody).map(([value, body]) => ({
        ...base,
        kind: 'path.bad-encoding',
        at: param.name,
        request: requestOf(op, target, { params: { [param.name]: value }, ...(body === undefined ? {} : { body }) }),
        expect: [400, status],
      })),
    );
    // A PUT of a form or trigger creates what is unknown: only the project can be unknown there.
    if (op.method !== 'PUT' || param.name === 'projectId') {
      families.push(
        fc.tuple(unknownId(param.schema), validBody).map(([value, body]) => ({
          ...base,
          kind: 'path.unknown-id',
          at: param.name,
          request: requestOf(op, target, { params: { [param.name]: value }, ...(body === undefined ? {} : { body }) }),
          expect: body === undefined ? [404] : [404, 422],
        })),
      );
    }
  }

  if (op.queryParams.length > 0) {
    families.push(
      fc.constantFrom(...op.queryParams).chain((param) =>
        fc.constantFrom(...badQueryValues(param.schema)).map((value) => ({
          ...base,
          kind: 'query.bad-value',
          at: param.name,
          request: requestOf(op, target, { query: `${param.name}=${percentEncode(value)}` }),
          expect: [422],
          names: param.name,
        })),
      ),
      fc.constantFrom('foo=1', '__proto__=1', 'constructor=x', 'LIMIT=5', 'limit[]=5', 'a=%00').map((query) => ({
        ...base,
        kind: 'query.unknown-param',
        at: query.split('=')[0] ?? '',
        request: requestOf(op, target, { query }),
        expect: [422],
      })),
      fc.constantFrom(...op.queryParams).map((param) => ({
        ...base,
        kind: 'query.repeated-param',
        at: param.name,
        request: requestOf(op, target, { query: `${param.name}=1&${param.name}=2` }),
        expect: [422],
        names: param.name,
      })),
    );
    if (op.queryParams.some((p) => p.name === 'cursor')) {
      families.push(
        garbageCursor.map((cursor) => ({
          ...base,
          kind: 'query.garbage-cursor',
          at: 'cursor',
          request: requestOf(op, target, { query: `cursor=${percentEncode(cursor)}` }),
          expect: [400, 422],
        })),
        strangeCursor.map((cursor) => ({
          ...base,
          kind: 'query.strange-cursor',
          at: 'cursor',
          request: requestOf(op, target, { query: `cursor=${percentEncode(cursor)}` }),
          expect: [200, 400, 422],
        })),
      );
    }
  }

  if (families.length === 0) {
    // Nothing of this route can be bad: whatever is sent is ignored, and must never break it.
    families.push(
      fc.tuple(fc.constantFrom('', 'x=1', '__proto__=1', 'a=%00', `q=${'x'.repeat(8000)}`), fc.constantFrom(undefined, '{', '\u0000')).map(([query, body]) => ({
        ...base,
        kind: 'ignored.query-and-body',
        at: '',
        request: requestOf(op, target, { query, ...(body === undefined ? {} : { body }) }),
        expect: [op.success],
      })),
    );
  }
  // One field broken at a time is where most of the schema is: it gets as many tries as all the rest.
  const fieldFaults = families.length > 0 && op.body ? families.length - 1 : 0;
  return fc.oneof(...families.map((arbitrary, i) => ({ arbitrary, weight: op.body && i === 0 ? Math.max(1, fieldFaults) : 1 })));
}

/** Values a query parameter's schema refuses. */
function badQueryValues(schema: Schema): string[] {
  if (schema['type'] === 'integer') {
    // Past each bound the schema states (limit: 0 and 101; graceHours: -1 and 721), and what is no whole number at all.
    const bounds: string[] = [];
    if (typeof schema['minimum'] === 'number') bounds.push(String(schema['minimum'] - 1));
    if (typeof schema['maximum'] === 'number') bounds.push(String(schema['maximum'] + 1));
    return [...bounds, '1.5', 'abc', '', '9'.repeat(400), '%00', 'NaN', 'Infinity', '1 0', '\u0000'];
  }
  if (Array.isArray(schema['enum'])) return enumMisses(schema['enum'] as string[]);
  const values: string[] = [];
  if (typeof schema['minLength'] === 'number' && schema['minLength'] > 0) values.push('');
  if (typeof schema['maxLength'] === 'number') values.push('x'.repeat(schema['maxLength'] + 1), '😀'.repeat(schema['maxLength'] + 1));
  if (typeof schema['pattern'] === 'string') values.push(...patternMisses(schema['pattern'], HOSTILE_STRINGS));
  return values.length > 0 ? values : [''];
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Cursors the service never made and cannot read: random text, base64 of anything but a `[time, id]` pair. */
const garbageCursor: fc.Arbitrary<string> = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 80 }),
    fc.base64String({ minLength: 4, maxLength: 80 }),
    fc.constantFrom<unknown>(['not a date', 'x'], [1, 2], {}, null, 'x', ['2026-01-01T00:00:00.000Z'], ['2026-01-01T00:00:00.000Z', 42], ['2026-01-01T00:00:00.000Z', 'x', 'y']).map(base64url),
  )
  .filter((c) => c.length >= 1 && c.length <= 512);

/** Cursors that read as a position the service never made: times at the ends of the calendar, hostile ids. */
const strangeCursor: fc.Arbitrary<string> = fc
  .constantFrom<unknown>(
    ['+275760-09-13T00:00:00.000Z', 'x'],
    ['-271821-04-20T00:00:00.000Z', 'x'],
    ['0000-01-01T00:00:00.000Z', 'x'],
    ['2026-01-01T00:00:00.000Z', 'x'.repeat(300)],
    ['2026-01-01T00:00:00.000Z', "' OR 1=1 --"],
    ['2026-01-01T00:00:00.000Z', '\u0000'],
    ['2026-01-01T00:00:00.000Z', '\ud800'],
  )
  .map(base64url);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
