/** Options of {@link until}. */
export interface UntilOptions {
  /** How long to wait before failing (default 30 s). */
  readonly timeoutMs?: number;
  /** How often to check (default 50 ms). */
  readonly everyMs?: number;
}

/** Waits until `check` holds, polling; throws naming `what` when `timeoutMs` has passed. */
export async function until(check: () => boolean | Promise<boolean>, what: string, options: UntilOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.everyMs ?? 50));
  }
}
