import ipaddr from 'ipaddr.js';

type IPv4 = ipaddr.IPv4;
type IPv6 = ipaddr.IPv6;

/** Whether an outbound connection to one IP address is allowed, and if not, why. */
export type AddressVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: string };

const ALLOWED: AddressVerdict = { allowed: true };
const deny = (reason: string): AddressVerdict => ({ allowed: false, reason });

/**
 * Cloud metadata endpoints, refused with their own reason. Most also sit in a refused range
 * (link-local, CGNAT, unique-local, IETF-reserved); Azure's wire server is a public address.
 */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean…
  '169.254.170.2', // AWS ECS task metadata
  '100.100.100.200', // Alibaba Cloud
  '192.0.0.192', // Oracle Cloud (classic)
  '168.63.129.16', // Azure wire server
  'fd00:ec2::254', // AWS IMDS over IPv6
]);

const BENCHMARKING_V4 = ipaddr.IPv4.parseCIDR('198.18.0.0/15');
/** IANA global unicast: every routable IPv6 unicast address is in here. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Classifies one IP address (v4 or v6, as a resolver or WHATWG URL prints it) for the SSRF guard.
 * An allow-list: IPv4 must be plain `unicast` in ipaddr.js terms; IPv6 must be global unicast
 * (2000::/3) outside every special range. IPv6 forms that carry an IPv4 address (IPv4-mapped,
 * IPv4-translated, NAT64 64:ff9b::/96, 6to4, Teredo) are judged by the IPv4 addresses inside.
 */
export function classifyAddress(address: string): AddressVerdict {
  if (!ipaddr.isValid(address)) {
    return deny('not an IP address');
  }
  const parsed = ipaddr.parse(address);
  return parsed.kind() === 'ipv4' ? classifyIPv4(parsed as IPv4) : classifyIPv6(parsed as IPv6);
}

function classifyIPv4(ip: IPv4): AddressVerdict {
  if (METADATA_ADDRESSES.has(ip.toString())) {
    return deny('cloud metadata');
  }
  if (ip.match(BENCHMARKING_V4)) {
    return deny('benchmarking');
  }
  const range = ip.range();
  return range === 'unicast' ? ALLOWED : deny(range);
}

function classifyIPv6(ip: IPv6): AddressVerdict {
  if (METADATA_ADDRESSES.has(ip.toRFC5952String())) {
    return deny('cloud metadata');
  }
  const range = ip.range();
  const [, p1 = 0, p2 = 0, p3 = 0, , , p6 = 0, p7 = 0] = ip.parts;
  switch (range) {
    case 'ipv4Mapped':
    case 'rfc6145':
    case 'rfc6052':
      return embedded(range, [ipv4From(p6, p7)]);
    case '6to4':
      return embedded(range, [ipv4From(p1, p2)]);
    case 'teredo':
      // Teredo carries the server address as is and the client address with every bit flipped.
      return embedded(range, [ipv4From(p2, p3), ipv4From(~p6 & 0xffff, ~p7 & 0xffff)]);
    case 'unicast':
      // ipaddr.js calls anything it has no name for "unicast", e.g. IPv4-compatible ::a.b.c.d,
      // site-local fec0::/10 or the NAT64 local-use prefix; only 2000::/3 is routable.
      return ip.match(GLOBAL_UNICAST_V6) ? ALLOWED : deny('reserved');
    default:
      return deny(range);
  }
}

function embedded(range: string, inner: readonly IPv4[]): AddressVerdict {
  for (const ip of inner) {
    const verdict = classifyIPv4(ip);
    if (!verdict.allowed) {
      return deny(`${range} embedding ${ip.toString()} (${verdict.reason})`);
    }
  }
  return ALLOWED;
}

function ipv4From(high: number, low: number): IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
