import { describe, expect, it } from 'vitest';
import { ForbiddenAddressError, forbiddenRange, guardedLookup, literalAddressProblem, type LookupFunction } from '../../lambdas/http/address-guard.js';

describe('forbiddenRange', () => {
  it.each([
    ['169.254.169.254', 'link-local / metadata'],
    ['127.0.0.1', 'loopback'],
    ['127.10.20.30', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'this-network'],
    ['224.0.0.251', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00:ec2::254', 'unique-local'],
    ['fc12:3456::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback (IPv4 in IPv6)'],
    ['::ffff:a9fe:a9fe', 'link-local / metadata (IPv4 in IPv6)'],
    ['::127.0.0.1', 'loopback (IPv4 in IPv6)'],
    ['64:ff9b::a9fe:a9fe', 'NAT64'],
  ])('%s is %s', (ip, range) => {
    expect(forbiddenRange(ip)).toBe(range);
  });

  it.each(['95.213.4.12', '178.248.233.6', '172.32.0.1', '100.128.0.1', '2a02:6b8::2:242', '::ffff:95.213.4.12', '8.8.8.8'])(
    '%s is public',
    (ip) => {
      expect(forbiddenRange(ip)).toBeNull();
    },
  );
});

describe('literalAddressProblem', () => {
  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[fd00:ec2::254]/latest/',
    'http://0x7f.0.0.1/',
    'http://2130706433/',
    'http://localhost:8080/',
    'http://admin.localhost/',
    'http://[::ffff:7f00:1]/',
  ])('refuses %s before any socket', (url) => {
    expect(literalAddressProblem(new URL(url))).toBeInstanceOf(ForbiddenAddressError);
  });

  it('lets a name through to the guarded DNS lookup', () => {
    expect(literalAddressProblem(new URL('https://tass.ru/rss/v2.xml'))).toBeNull();
  });
});

describe('guardedLookup', () => {
  const fakeDns =
    (answers: Record<string, { address: string; family: number }[]>): LookupFunction =>
    (host, _opts, cb) => {
      const list = answers[host];
      if (!list) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), '', 0);
      cb(null, list);
    };
  const resolve = (lookup: LookupFunction, host: string, all = false) =>
    new Promise<unknown>((ok, fail) => lookup(host, { all }, (err, address) => (err ? fail(err) : ok(address))));

  const dns = fakeDns({
    'tass.ru': [{ address: '178.248.233.6', family: 4 }],
    'rebind.example': [{ address: '169.254.169.254', family: 4 }],
    'mixed.example': [
      { address: '95.213.4.12', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ],
    'v6.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
  });

  it('passes public answers through in the shape asked for', async () => {
    await expect(resolve(guardedLookup(dns), 'tass.ru')).resolves.toBe('178.248.233.6');
    await expect(resolve(guardedLookup(dns), 'tass.ru', true)).resolves.toEqual([{ address: '178.248.233.6', family: 4 }]);
  });

  it.each(['rebind.example', 'mixed.example', 'v6.example'])('rejects %s, naming the address', async (host) => {
    await expect(resolve(guardedLookup(dns), host)).rejects.toThrow(new RegExp(`^${host.replace('.', '\\.')} resolves to .* which is never fetched$`));
  });

  it('passes DNS failures on unchanged', async () => {
    await expect(resolve(guardedLookup(dns), 'nowhere.example')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});
