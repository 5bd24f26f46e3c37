/**
 * The Japanese sites recorded in legacy encodings, read as the fetcher reads them: the header
 * is missing its charset or lies, so the charset must come from the page's <meta> or its bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBody } from '../../lambdas/http/charset.js';

const SITES = fileURLToPath(new URL('../../fixtures/sites/', import.meta.url));

function routed(host: string, route: string): { raw: Buffer; contentType?: string } {
  const routes = (JSON.parse(readFileSync(path.join(SITES, host, '_routes.json'), 'utf8')) as { routes: Record<string, { file: string; contentType?: string }> }).routes;
  const r = routes[route];
  if (!r) throw new Error(`${host}${route} is not routed`);
  return { raw: readFileSync(path.join(SITES, host, r.file)), contentType: r.contentType };
}

const cases = [
  { host: 'www.pref.aomori.lg.jp', route: '/life/kokusai/khabarovsk-R2-mission.html', header: 'text/html', charset: 'shift_jis', phrase: 'ハバロフスク地方との友好協定' },
  { host: 'www.city.maizuru.kyoto.jp', route: '/kanko/0000006151.html', header: 'text/html; charset=UTF-8', charset: 'shift_jis', phrase: 'ナホトカ市の中高生' },
  { host: 'www.city.sakaiminato.lg.jp', route: '/index.php?view=18217', header: 'text/html', charset: 'euc-jp', phrase: '沿海地方の経済代表団' },
] as const;

describe('Japanese pages in legacy encodings', () => {
  it.each(cases)('$host is read as $charset under "$header"', ({ host, route, header, charset, phrase }) => {
    const { raw, contentType } = routed(host, route);
    expect(contentType, 'the recorded header').toBe(header);
    // The bytes really are legacy: as UTF-8 they would not even decode.
    expect(raw.toString('utf8')).not.toContain(phrase);
    const decoded = decodeBody(raw, contentType);
    expect(decoded.charset).toBe(charset);
    expect(decoded.text).toContain(phrase);
  });
});
