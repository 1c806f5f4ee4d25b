import { isIP } from 'node:net';
import { classifyAddress } from './address-policy.js';

/** The deployment switches the guard obeys. */
export interface TargetPolicy {
  /** Allow loopback, private, link-local… targets (local use and tests): the guard allows every address. */
  readonly allowPrivateTargets: boolean;
  /** Allow plain `http:` targets; otherwise only `https:`. */
  readonly allowHttpTargets: boolean;
}

/** The guard's answer for a target URL, checked before any socket is opened. */
export type TargetCheck =
  | { readonly allowed: true; readonly url: URL }
  | { readonly allowed: false; readonly reason: string };

/** Raised inside the connection path (the guarded DNS lookup) when a target is refused. */
export class BlockedTargetError extends Error {
  override readonly name = 'BlockedTargetError';
  readonly code = 'ERR_SSRF_BLOCKED';
}

/** Names refused whatever they resolve to (RFC 6761 `localhost`, private-use TLDs, metadata hosts). */
const BLOCKED_NAME_SUFFIXES: readonly { readonly suffix: string; readonly reason: string }[] = [
  { suffix: 'localhost', reason: 'loopback name' },
  { suffix: 'internal', reason: 'private-use name (cloud metadata lives at metadata.google.internal)' },
  { suffix: 'local', reason: 'multicast DNS name' },
  { suffix: 'home.arpa', reason: 'home network name' },
];

/**
 * Refuses host names that only ever mean "inside": `localhost` and `*.localhost`, `*.internal`
 * (so `metadata.google.internal`), `*.local`, `*.home.arpa`. Case and a trailing dot are ignored.
 * Every other name is judged by the addresses it resolves to (see `createGuardedLookup`).
 */
export function classifyHostName(hostName: string): { readonly allowed: true } | { readonly allowed: false; readonly reason: string } {
  const name = hostName.toLowerCase().replace(/\.$/, '');
  const rule = BLOCKED_NAME_SUFFIXES.find(({ suffix }) => name === suffix || name.endsWith(`.${suffix}`));
  return rule === undefined ? { allowed: true } : { allowed: false, reason: rule.reason };
}

/**
 * Checks a target URL before connecting, on the URL exactly as got will see it (WHATWG parsing,
 * which turns `2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1` or `%31%32%37.0.0.1` into 127.0.0.1).
 * Node opens a socket to an IP literal without any lookup, so literals are judged here; names are
 * judged here by name and again, by address, in the guarded lookup on the connection path.
 */
export function checkTarget(rawUrl: string, policy: TargetPolicy): TargetCheck {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { allowed: false, reason: 'not a valid absolute URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { allowed: false, reason: `scheme ${url.protocol} is not allowed` };
  }
  if (url.protocol === 'http:' && !policy.allowHttpTargets) {
    return { allowed: false, reason: 'plain http targets are not allowed' };
  }
  if (url.username !== '' || url.password !== '') {
    return { allowed: false, reason: 'credentials in the URL are not allowed' };
  }
  if (policy.allowPrivateTargets) {
    return { allowed: true, url };
  }
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const verdict = isIP(host) === 0 ? classifyHostName(host) : classifyAddress(host);
  return verdict.allowed ? { allowed: true, url } : { allowed: false, reason: `${host} is refused: ${verdict.reason}` };
}
