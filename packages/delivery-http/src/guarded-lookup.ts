import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address-policy.js';
import { BlockedTargetError, classifyHostName } from './ssrf-guard.js';

/** Resolves a host name to all its addresses (family 0: both IPv4 and IPv6). */
export type HostResolver = (hostName: string, family: 0 | 4 | 6) => Promise<readonly LookupAddress[]>;

/** The operating system's resolver (`getaddrinfo`, so `/etc/hosts` applies), as Node uses by default. */
export const systemResolver: HostResolver = (hostName, family) => dns.lookup(hostName, { all: true, family });

/** Options of {@link createGuardedLookup}. */
export interface GuardedLookupOptions {
  /** When true, every resolved address is allowed (the guard is off). */
  readonly allowPrivateTargets: boolean;
  /** The resolver asked; defaults to {@link systemResolver}. */
  readonly resolve?: HostResolver;
}

/**
 * Builds the `lookup` function given to the HTTP agents, so every connection they open passes it.
 * It resolves the name, refuses it with a {@link BlockedTargetError} if ANY resolved address is
 * forbidden (see `classifyAddress`), and otherwise hands back exactly the addresses it checked:
 * the socket connects to a checked address, leaving no window for DNS rebinding.
 * `.invalid` names (RFC 6761) fail with ENOTFOUND without asking any DNS server.
 */
export function createGuardedLookup(options: GuardedLookupOptions): LookupFunction {
  const resolve = options.resolve ?? systemResolver;
  return (hostName, lookupOptions, callback) => {
    void resolveChecked(hostName, familyOf(lookupOptions.family), resolve, options.allowPrivateTargets).then(
      (addresses) => {
        const [first] = addresses;
        if (lookupOptions.all === true) {
          callback(null, [...addresses]);
        } else if (first === undefined) {
          callback(notFound(hostName), '');
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

async function resolveChecked(
  hostName: string,
  family: 0 | 4 | 6,
  resolve: HostResolver,
  allowPrivateTargets: boolean,
): Promise<readonly LookupAddress[]> {
  const name = hostName.toLowerCase().replace(/\.$/, '');
  if (name === 'invalid' || name.endsWith('.invalid')) {
    throw notFound(hostName);
  }
  if (!allowPrivateTargets) {
    const byName = classifyHostName(name);
    if (!byName.allowed) {
      throw new BlockedTargetError(`${hostName} is refused: ${byName.reason}`);
    }
  }
  const addresses = await resolve(hostName, family);
  if (addresses.length === 0) {
    throw notFound(hostName);
  }
  if (!allowPrivateTargets) {
    for (const { address } of addresses) {
      const verdict = classifyAddress(address);
      if (!verdict.allowed) {
        throw new BlockedTargetError(`${hostName} resolves to ${address}, refused: ${verdict.reason}`);
      }
    }
  }
  return addresses;
}

function familyOf(family: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

function notFound(hostName: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostName}`), { code: 'ENOTFOUND', hostname: hostName });
}
