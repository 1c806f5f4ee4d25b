import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { problems } from '../problems/http-problem.js';

/** The default body limit: 256 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;

/** `application/json` or any `application/…+json`, with no charset other than UTF-8 (RFC 8259). */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** True when the request says it carries a body. */
function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/**
 * Reads a JSON body of at most `limitBytes`: 415 for another content type or an encoding,
 * 413 when Content-Length says too much or the bytes counted while reading pass the limit,
 * 400 for bytes that are not UTF-8 (never silently replaced by U+FFFD) and for malformed JSON. No body at all reads as `undefined` (the schema then says what is missing).
 */
export async function readJsonBody(req: IncomingMessage, limitBytes: number): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (!JSON_TYPE.test(type)) throw problems.unsupportedMediaType('the body must be application/json (UTF-8)');
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') throw problems.unsupportedMediaType(`content-encoding ${encoding} is not accepted`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) throw problems.tooLarge(limitBytes);

  const text = await readText(req, limitBytes);
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw problems.malformedJson(`the body is not valid JSON: ${error instanceof Error ? error.message : 'parse error'}`);
  }
}

/**
 * Collects the body as UTF-8, failing as soon as more than `limitBytes` arrived. Bytes that are not
 * UTF-8 (RFC 8259 §8.1) are refused rather than decoded to U+FFFD, which would store something
 * the caller never sent.
 */
function readText(req: IncomingMessage, limitBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        cleanup();
        // Let the rest flow to nowhere; the answer closes the connection.
        req.resume();
        reject(problems.tooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      const bytes = Buffer.concat(chunks);
      if (isUtf8(bytes)) resolve(bytes.toString('utf8'));
      else reject(problems.invalidEncoding());
    };
    const onError = () => {
      cleanup();
      reject(problems.incompleteBody());
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
