/** The most log bytes waiting for a slow reader before further lines are dropped: 1 MiB. */
const DEFAULT_LOG_BUFFER_BYTES = 1024 * 1024;

/**
 * Where the service's log lines go, never blocking the event loop: each line is handed to
 * `stream` (by default `process.stdout`, which for a pipe writes asynchronously) unless
 * `maxBufferedBytes` are already waiting for a reader that does not keep up — then the line is
 * dropped and counted. A broken output (`EPIPE`: the reader went away) drops every later line,
 * counted too, and never becomes an uncaught error: the service keeps serving and shuts down as
 * usual. Nothing is ever flushed synchronously (at exit, what waits is lost, not waited for).
 */
export class LogOutput {
  #dropped = 0;
  #broken = false;

  constructor(
    private readonly stream: NodeJS.WritableStream & { readonly writableLength?: number } = process.stdout,
    private readonly maxBufferedBytes = DEFAULT_LOG_BUFFER_BYTES,
  ) {
    // Errors come from the stream itself (and are heard by anyone else writing to it, such as a
    // start-up banner on stdout): without a listener, an EPIPE would crash the process.
    stream.on('error', () => {
      this.#broken = true;
    });
  }

  /** Lines dropped so far: the output was broken, or its reader too slow. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Hands one line (pino's serialised record) to the stream, or drops and counts it. */
  write(line: string): boolean {
    if (this.#broken || (this.stream.writableLength ?? 0) + Buffer.byteLength(line) > this.maxBufferedBytes) {
      this.#dropped += 1;
      return false;
    }
    this.stream.write(line, (error) => {
      if (error) this.#dropped += 1;
    });
    return true;
  }
}
