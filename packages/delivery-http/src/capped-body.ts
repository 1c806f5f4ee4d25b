import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A response body read up to a cap. */
export interface CappedBody {
  /** UTF-8 text of at most the cap in bytes; a character cut by the cap is dropped, not mangled. */
  readonly text: string;
  /** True when the body was longer than the cap and the rest was never read. */
  readonly truncated: boolean;
}

/**
 * Reads a stream until it ends or `maxBytes` is exceeded. On exceeding, it stops reading and
 * destroys the stream (leaving the loop of an async iterator does that), so the remainder is
 * never pulled off the socket and memory stays bounded by the cap plus one chunk.
 */
export async function readCappedBody(stream: Readable, maxBytes: number): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const room = maxBytes - size;
    if (chunk.length > room) {
      chunks.push(chunk.subarray(0, room));
      return { text: new StringDecoder('utf8').write(Buffer.concat(chunks)), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { text: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
