import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';

/**
 * The SSRF guard. A feed is untrusted input: any link in it may point at the
 * cloud metadata service or at something listening on the Lambda's loopback.
 * So the check runs on the address the socket is about to connect to (after DNS,
 * for every hop), not only on the URL text, which DNS rebinding would defeat.
 */

export class ForbiddenAddressError extends Error {
  override name = 'ForbiddenAddressError';
  readonly code = 'EFORBIDDENADDRESS';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range}), which is never fetched`);
  }
}

type Cidr = readonly [network: bigint, prefix: number, bits: 32 | 128, label: string];

const V4_RANGES: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local / metadata'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: readonly (readonly [string, number, string])[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b::', 96, 'NAT64'], // embeds an IPv4 address we would not see otherwise
  ['100::', 64, 'discard'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'], // embeds an IPv4 address
  ['fc00::', 7, 'unique-local'], // covers fd00:ec2::254, the IPv6 metadata address
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

function v4ToBigInt(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6ToBigInt(ip: string): bigint {
  let text = ip.split('%')[0]!.toLowerCase();
  // A dotted tail ("::ffff:127.0.0.1") is two 16-bit groups.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = v4ToBigInt(dotted[1]!);
    text = text.slice(0, -dotted[1]!.length) + `${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':').filter(Boolean) : [];
  const tailParts = tail ? tail.split(':').filter(Boolean) : [];
  const missing = 8 - headParts.length - tailParts.length;
  const parts = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  return parts.reduce((acc, part) => (acc << 16n) | BigInt(parseInt(part, 16)), 0n);
}

function compile(ranges: typeof V4_RANGES, bits: 32 | 128): Cidr[] {
  return ranges.map(([net, prefix, label]) => [bits === 32 ? v4ToBigInt(net) : v6ToBigInt(net), prefix, bits, label] as const);
}

const V4: Cidr[] = compile(V4_RANGES, 32);
const V6: Cidr[] = compile(V6_RANGES, 128);

function matchRange(value: bigint, table: Cidr[]): string | null {
  for (const [net, prefix, bits, label] of table) {
    const shift = BigInt(bits - prefix);
    if (value >> shift === net >> shift) return label;
  }
  return null;
}

/**
 * Names the non-public range an IP address falls in, or null for a public address.
 * IPv4-mapped and IPv4-compatible IPv6 forms are judged as the IPv4 address they carry.
 */
export function forbiddenRange(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return matchRange(v4ToBigInt(address), V4);
  if (family === 6) {
    const value = v6ToBigInt(address);
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible) reach the IPv4 host.
    if (value >> 32n === 0xffffn || (value >> 32n === 0n && value > 1n)) {
      const v4range = matchRange(value & 0xffffffffn, V4);
      return v4range ? `${v4range} (IPv4 in IPv6)` : null;
    }
    return matchRange(value, V6);
  }
  return 'not an IP address';
}

export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/**
 * Wraps a DNS lookup so that it fails when any resolved address is non-public.
 * Rejecting on any (not just the first) keeps a host with one public and one
 * private record from being a way in.
 */
export function guardedLookup(inner: LookupFunction = dnsLookup as unknown as LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    inner(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = (Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }]) as LookupAddress[];
      if (list.length === 0) {
        const e = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        return callback(e, '', 0);
      }
      for (const entry of list) {
        const range = forbiddenRange(entry.address);
        if (range) return callback(new ForbiddenAddressError(hostname, entry.address, range), '', 0);
      }
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** Strips the brackets Node keeps around IPv6 literals in URL.hostname. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Checks a URL before any socket is opened: an IP literal is judged at once
 * (Node's http skips lookup for literals, so the guarded lookup would never see it).
 * Returns the reason for refusal, or null when the URL may proceed to DNS.
 */
export function literalAddressProblem(url: URL): ForbiddenAddressError | null {
  const host = bareHost(url.hostname);
  if (isIP(host) === 0) {
    // "localhost" and friends never need DNS to be dangerous.
    if (/^(localhost|.*\.localhost|metadata\.google\.internal)$/i.test(host)) {
      return new ForbiddenAddressError(host, host, 'loopback name');
    }
    return null;
  }
  const range = forbiddenRange(host);
  return range ? new ForbiddenAddressError(host, host, range) : null;
}
