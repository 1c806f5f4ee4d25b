import { BlockList } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { classifyAddress } from './address-policy.js';

/**
 * An oracle independent of ipaddr.js: the IANA special-purpose IPv4 registry as the policy reads
 * it (plus Azure's wire server), in Node's own BlockList.
 */
const NOT_PUBLIC_V4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.31.196.0', 24],
  ['192.52.193.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['192.175.48.0', 24],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  NOT_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
}
NOT_PUBLIC_V4.addAddress('168.63.129.16', 'ipv4');

const byte = fc.integer({ min: 0, max: 255 });
const hextet = fc.integer({ min: 0, max: 0xffff });
const ipv4 = fc.tuple(byte, byte, byte, byte).map((octets) => octets.join('.'));
const ipv6 = (first: fc.Arbitrary<number>): fc.Arbitrary<string> =>
  fc.tuple(first, fc.array(hextet, { minLength: 7, maxLength: 7 })).map(([head, tail]) => [head, ...tail].map((h) => h.toString(16)).join(':'));
const hex32 = (address: string): string => {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
};

describe(classifyAddress.name, () => {
  describe('when given special addresses', () => {
    it.each([
      ['127.0.0.1', 'loopback'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['192.168.0.1', 'private'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['169.254.10.10', 'linkLocal'],
      ['169.254.169.254', 'cloud metadata'],
      ['169.254.170.2', 'cloud metadata'],
      ['100.100.100.200', 'cloud metadata'],
      ['192.0.0.192', 'cloud metadata'],
      ['168.63.129.16', 'cloud metadata'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['224.0.0.251', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.1.2.3', 'reserved'],
      ['198.19.255.255', 'benchmarking'],
      ['192.0.2.1', 'reserved'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::1', 'linkLocal'],
      ['fe80::1%eth0', 'linkLocal'],
      ['fc00::1', 'uniqueLocal'],
      ['fd00:ec2::254', 'cloud metadata'],
      ['ff02::1', 'multicast'],
      ['fec0::1', 'reserved'],
      ['::7f00:1', 'reserved'],
      ['100::1', 'discard'],
      ['2001:db8::1', 'reserved'],
      ['2001:2::1', 'benchmarking'],
      ['::ffff:127.0.0.1', 'ipv4Mapped embedding 127.0.0.1 (loopback)'],
      ['::ffff:0:a00:1', 'rfc6145 embedding 10.0.0.1 (private)'],
      ['64:ff9b::a9fe:a9fe', 'rfc6052 embedding 169.254.169.254 (cloud metadata)'],
      ['64:ff9b:1::8.8.8.8', 'reserved'],
      ['2002:c0a8:101::1', '6to4 embedding 192.168.1.1 (private)'],
      ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo embedding 127.0.0.1 (loopback)'],
      ['2001:0:a00:1::ffff:ffff', 'teredo embedding 10.0.0.1 (private)'],
      ['not an address', 'not an IP address'],
      ['', 'not an IP address'],
    ])('should refuse %s as %s', (address, reason) => {
      expect(classifyAddress(address)).toEqual({ allowed: false, reason });
    });
  });

  describe('when given public addresses', () => {
    it.each(['1.1.1.1', '8.8.8.8', '93.184.216.34', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2001:0:4136:e378:8000:63bf:f7f7:f7f7'])(
      'should allow %s',
      (address) => {
        expect(classifyAddress(address)).toEqual({ allowed: true });
      },
    );
  });

  describe('when given any IPv4 address', () => {
    it('should allow it exactly when it is outside every special-purpose block', () => {
      fc.assert(
        fc.property(ipv4, (address) => {
          expect(classifyAddress(address).allowed).toBe(!NOT_PUBLIC_V4.check(address, 'ipv4'));
        }),
        { numRuns: 5_000 },
      );
    });

    it('should allow random public addresses', () => {
      fc.assert(
        fc.property(
          ipv4.filter((address) => !NOT_PUBLIC_V4.check(address, 'ipv4')),
          (address) => {
            expect(classifyAddress(address)).toEqual({ allowed: true });
          },
        ),
      );
    });

    it('should judge it the same inside IPv4-mapped and NAT64 IPv6 forms', () => {
      fc.assert(
        fc.property(ipv4, (address) => {
          const allowed = classifyAddress(address).allowed;
          expect(classifyAddress(`::ffff:${address}`).allowed).toBe(allowed);
          expect(classifyAddress(`64:ff9b::${hex32(address)}`).allowed).toBe(allowed);
          expect(classifyAddress(`2002:${hex32(address)}::1`).allowed).toBe(allowed);
        }),
      );
    });
  });

  describe('when given addresses from refused ranges', () => {
    it.each([
      ['10.0.0.0/8', fc.tuple(byte, byte, byte).map(([b, c, d]) => `10.${b}.${c}.${d}`), 'private'],
      ['127.0.0.0/8', fc.tuple(byte, byte, byte).map(([b, c, d]) => `127.${b}.${c}.${d}`), 'loopback'],
      ['172.16.0.0/12', fc.tuple(fc.integer({ min: 16, max: 31 }), byte, byte).map(([b, c, d]) => `172.${b}.${c}.${d}`), 'private'],
      ['192.168.0.0/16', fc.tuple(byte, byte).map(([c, d]) => `192.168.${c}.${d}`), 'private'],
      ['fc00::/7', ipv6(fc.integer({ min: 0xfc00, max: 0xfdff })).filter((a) => !a.startsWith('fd00:ec2:')), 'uniqueLocal'],
      ['fe80::/10', ipv6(fc.integer({ min: 0xfe80, max: 0xfebf })), 'linkLocal'],
      ['ff00::/8', ipv6(fc.integer({ min: 0xff00, max: 0xffff })), 'multicast'],
    ])('should refuse any address of %s', (_range, addresses, reason) => {
      fc.assert(
        fc.property(addresses, (address) => {
          expect(classifyAddress(address)).toEqual({ allowed: false, reason });
        }),
      );
    });
  });

  describe('when given IPv6 addresses', () => {
    it('should allow random global unicast outside the special blocks', () => {
      const special = new BlockList();
      special.addSubnet('2001::', 23, 'ipv6');
      special.addSubnet('2001:db8::', 32, 'ipv6');
      special.addSubnet('2002::', 16, 'ipv6');
      special.addSubnet('2620:4f:8000::', 48, 'ipv6');
      fc.assert(
        fc.property(
          ipv6(fc.integer({ min: 0x2000, max: 0x3fff })).filter((a) => !special.check(a, 'ipv6')),
          (address) => {
            expect(classifyAddress(address)).toEqual({ allowed: true });
          },
        ),
      );
    });

    it('should refuse every address outside 2000::/3 other than IPv4 carriers', () => {
      fc.assert(
        fc.property(
          ipv6(fc.integer({ min: 0, max: 0xffff }).filter((h) => h < 0x2000 || h > 0x3fff)).filter(
            (a) => !/^(0:){5}ffff:/.test(a) && !/^(0:){4}ffff:0:/.test(a) && !a.startsWith('64:ff9b:0:0:0:0:'),
          ),
          (address) => {
            expect(classifyAddress(address).allowed).toBe(false);
          },
        ),
      );
    });
  });
});
