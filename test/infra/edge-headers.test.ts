/**
 * The headers CloudFront adds to every file (HSTS, nosniff, Referrer-Policy, the page's CSP),
 * the same CSP from `rujp serve`, and the page working under it in Chromium.
 */
import { createHash } from 'node:crypto';
import { get } from 'node:http';
import path from 'node:path';
import * as cheerio from 'cheerio';
import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_CSP, PAGE_CSP_HEADER } from '../../lambdas/feed/html-page.js';
import { renderFeedSet } from '../../lambdas/feed/render-feed-set.js';
import { serveDirectory, type ServedDirectory } from '../../lambdas/local/feed-server.js';
import { label, loadEntries, NOW, settings, writeFiles } from '../feed/fixture-set.js';
import { checkPageInChromium } from '../support/feed-readers.js';
import { tempDir } from '../support/temp-dir.js';
import { synthStack } from './synth-stack.js';

const files = renderFeedSet(loadEntries(), settings, { label, now: NOW });
const page = files.find((file) => file.path === 'index.html')!.body.toString();
const $ = cheerio.load(page);
const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The directives of a policy, by name. */
const directives = (policy: string) => new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("the page's Content-Security-Policy", () => {
  const policy = directives(PAGE_CSP_HEADER);

  it('allows exactly the inline script and style index.html has, by hash, and nothing from anywhere', () => {
    const scripts = $('script').map((_, el) => $(el).html() ?? '').get();
    const styles = $('style').map((_, el) => $(el).html() ?? '').get();
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(policy.get('script-src')).toEqual(scripts.map(hash));
    expect(policy.get('style-src')).toEqual(styles.map(hash));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(PAGE_CSP_HEADER).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    // The only other thing the page loads: its empty data: icon.
    expect($('link[rel="icon"]').attr('href')).toBe('data:,');
    expect(policy.get('img-src')).toEqual(['data:']);
    expect($('[style]')).toHaveLength(0);
    expect($('[onclick], [onload], [onchange]')).toHaveLength(0);
  });

  it('the header adds frame-ancestors to the meta policy (which cannot carry it)', () => {
    expect($('meta[http-equiv="Content-Security-Policy"]').attr('content')).toBe(PAGE_CSP);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('CloudFront response headers policy', () => {
  const { template } = synthStack();

  it('adds HSTS, nosniff, Referrer-Policy and the page CSP to every response, overriding the origin', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
          ContentSecurityPolicy: { ContentSecurityPolicy: PAGE_CSP_HEADER, Override: true },
        }),
      }),
    });
    // CloudFront refuses a CSP header value over 1783 characters.
    expect(PAGE_CSP_HEADER.length).toBeLessThanOrEqual(1783);
    const behaviour = Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig.DefaultCacheBehavior;
    expect(behaviour.ResponseHeadersPolicyId).toEqual({ Ref: Object.keys(template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] });
  });
});

describe('the page served with the edge headers', () => {
  const temp = tempDir('rujp-csp-');
  let served: ServedDirectory;

  beforeAll(async () => {
    await writeFiles(temp.dir, files);
    served = await serveDirectory(temp.dir);
  });

  afterAll(async () => {
    await served?.close();
    temp.cleanup();
  });

  it('rujp serve sends the same CSP, nosniff and Referrer-Policy as CloudFront', async () => {
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) =>
      get(`${served.url}index.html`, (res) => {
        res.resume();
        resolve(res.headers);
      }).on('error', reject),
    );
    expect(headers['content-security-policy']).toBe(PAGE_CSP_HEADER);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  // Needs Chromium (`npm test` unpacks it first, npm run test:setup); without it this fails, naming
  // the way to install it, as the other browser test does: never a skip.
  it('works in Chromium under that CSP: no violation, the filters run', async () => {
    const report = await checkPageInChromium(temp.dir, { url: `${served.url}index.html`, screenshot: path.join('test-artifacts', 'page-under-csp.png') });
    expect(report.problems).toEqual([]);
    expect(report.items).toBeGreaterThan(0);
    expect(report.region.visible).toBeGreaterThan(0);
  });
});
