import type { TargetGuard } from '../ports/target-guard.port.js';

/**
 * A `TargetGuard` for tests: every target may be saved (as with private targets allowed) except
 * the hosts listed with {@link refuse}. The real rule lives in `@webhooks/delivery-http`.
 */
export class ListedTargetGuard implements TargetGuard {
  private readonly refused = new Map<string, string>();

  /** Refuses URLs whose host is `host` (as WHATWG URL writes it), with `reason`. */
  refuse(host: string, reason: string): this {
    this.refused.set(host, reason);
    return this;
  }

  refusal(url: string): string | null {
    return this.refused.get(new URL(url).hostname) ?? null;
  }
}
