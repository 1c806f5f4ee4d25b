/** One refused target: the host as written in the URL, the reason expected, and whether it is the receiver. */
export interface RefusedTarget {
  readonly host: string;
  readonly reason: string;
  /** True when, with the guard off, this spelling really lands on the 127.0.0.1 receiver. */
  readonly reachesReceiver: boolean;
}

const row = (host: string, reason: string, reachesReceiver = false): RefusedTarget => ({ host, reason, reachesReceiver });

/**
 * Targets refused whatever DNS says: address literals in every spelling the guard knows, and names
 * refused as such. The transport's SSRF table and the `TargetGuard` test both run through it.
 */
export const REFUSED_LITERAL_TARGETS: readonly RefusedTarget[] = [
  // IPv4 loopback, in every spelling WHATWG URL turns into 127.0.0.1
  row('127.0.0.1', 'loopback', true),
  row('127.1', 'loopback', true),
  row('2130706433', 'loopback', true),
  row('0x7f000001', 'loopback', true),
  row('0177.0.0.1', 'loopback', true),
  row('0x7f.1', 'loopback', true),
  row('127.0.0.1.', 'loopback', true),
  row('%31%32%37.0.0.1', 'loopback', true),
  row('127.0.0.2', 'loopback'),
  // loopback names
  row('localhost', 'loopback name', true),
  row('LOCALHOST.', 'loopback name'), // "localhost." is not in /etc/hosts: with the guard off it would go to DNS
  row('api.localhost', 'loopback name'),
  // IPv6 loopback and IPv4 inside IPv6
  row('[::1]', 'loopback'),
  row('[0:0:0:0:0:0:0:1]', 'loopback'),
  row('[::ffff:127.0.0.1]', 'ipv4Mapped embedding 127.0.0.1', true),
  row('[::ffff:7f00:1]', 'ipv4Mapped embedding 127.0.0.1', true),
  row('[::127.0.0.1]', 'reserved'),
  row('[2002:7f00:1::]', '6to4 embedding 127.0.0.1'),
  row('[2002:a00:1::]', '6to4 embedding 10.0.0.1'),
  row('[64:ff9b::7f00:1]', 'rfc6052 embedding 127.0.0.1'),
  row('[64:ff9b::a9fe:a9fe]', 'rfc6052 embedding 169.254.169.254'),
  row('[2001:0:4136:e378:8000:63bf:80ff:fffe]', 'teredo embedding 127.0.0.1'),
  row('[::ffff:a9fe:a9fe]', 'ipv4Mapped embedding 169.254.169.254'),
  // RFC 1918, CGNAT, link-local
  row('10.0.0.1', 'private'),
  row('172.16.0.1', 'private'),
  row('172.31.255.254', 'private'),
  row('192.168.1.1', 'private'),
  row('100.64.0.1', 'carrierGradeNat'),
  row('169.254.1.1', 'linkLocal'),
  row('[fe80::1]', 'linkLocal'),
  row('[fc00::1]', 'uniqueLocal'),
  row('[fd12:3456::1]', 'uniqueLocal'),
  // cloud metadata, by address and by name
  row('169.254.169.254', 'cloud metadata'),
  row('[fd00:ec2::254]', 'cloud metadata'),
  row('100.100.100.200', 'cloud metadata'),
  row('metadata.google.internal', 'private-use name'),
  row('METADATA.GOOGLE.INTERNAL.', 'private-use name'),
  // unspecified, multicast, broadcast, reserved, benchmarking, documentation
  row('0.0.0.0', 'unspecified'),
  row('0', 'unspecified'),
  row('[::]', 'unspecified'),
  row('224.0.0.1', 'multicast'),
  row('[ff02::1]', 'multicast'),
  row('255.255.255.255', 'broadcast'),
  row('240.0.0.1', 'reserved'),
  row('198.18.0.1', 'benchmarking'),
  row('198.51.100.7', 'reserved'),
  row('[2001:db8::1]', 'reserved'),
];
