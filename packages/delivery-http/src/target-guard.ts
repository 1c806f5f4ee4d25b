import type { TargetGuard } from '@webhooks/domain';
import { checkTarget, type TargetPolicy } from './ssrf-guard.js';

/**
 * The domain's `TargetGuard` on the transport's own rule: a target is refused when saved exactly
 * when {@link checkTarget} — the check every send starts with — would refuse it, so a literal
 * private, loopback, link-local or metadata address in any spelling (decimal, octal, hex,
 * IPv4-mapped IPv6, NAT64, 6to4…) and a refused name (`localhost`, `*.internal`…) never get
 * saved. With `allowPrivateTargets` nothing is refused by address. Names that resolve to refused
 * addresses are judged at send time only (DNS answers change).
 */
export function ssrfTargetGuard(policy: TargetPolicy): TargetGuard {
  return {
    refusal: (url) => {
      const check = checkTarget(url, policy);
      return check.allowed ? null : check.reason;
    },
  };
}
