/**
 * CloudFront in front of the private feed bucket: origin access control (the bucket policy
 * admits only this distribution), HTTPS towards readers, and short cache lifetimes because
 * feeds change with every publish.
 */
import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PAGE_CSP_HEADER } from '../lambdas/feed/html-page.js';

/** Readers poll every 15 minutes at most; a 5-minute edge cache keeps feeds fresh and cheap. */
export const FEED_DEFAULT_TTL = Duration.minutes(5);
export const FEED_MAX_TTL = Duration.minutes(15);

export interface FeedDistributionProps {
  feedBucket: s3.IBucket;
  logBucket: s3.IBucket;
  customDomain?: { domainName: string; certificateArn: string };
}

export class FeedDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  /** `https://<domain>/`, the base every published URL starts with. */
  readonly baseUrl: string;

  constructor(scope: Construct, id: string, props: FeedDistributionProps) {
    super(scope, id);
    const cachePolicy = new cloudfront.CachePolicy(this, 'FeedCache', {
      comment: 'Feeds: short TTL, honours the Cache-Control the publisher sets',
      defaultTtl: FEED_DEFAULT_TTL,
      minTtl: Duration.seconds(0),
      maxTtl: FEED_MAX_TTL,
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'FeedHeaders', {
      comment: 'Security headers; CORS so browser-based feed readers can fetch the JSON Feed',
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        // The page's own policy (its inline script and style by hash, nothing else), sent as a
        // header too, where frame-ancestors takes effect; the feeds carry no script or style.
        contentSecurityPolicy: { contentSecurityPolicy: PAGE_CSP_HEADER, override: true },
      },
      corsBehavior: {
        accessControlAllowCredentials: false,
        accessControlAllowHeaders: ['*'],
        accessControlAllowMethods: ['GET', 'HEAD'],
        accessControlAllowOrigins: ['*'],
        originOverride: true,
      },
    });

    const domain = props.customDomain;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'rujp-feed: RSS, Atom and JSON feeds',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(props.feedBucket, {
          originAccessLevels: [cloudfront.AccessLevel.READ],
        }),
        // Content only ever travels over HTTPS; plain-http requests get a redirect rather than a
        // 403, because readers often paste feed URLs without the scheme.
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
        cachePolicy,
        responseHeadersPolicy: headers,
        compress: true,
      },
      // Europe, North America and Asia (incl. Japan): the readers are in Russia, Japan and Europe.
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // Only settable with our own certificate; the default *.cloudfront.net one is fixed by AWS.
      minimumProtocolVersion: domain ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
      domainNames: domain ? [domain.domainName] : undefined,
      certificate: domain ? acm.Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn) : undefined,
    });
    this.baseUrl = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}/`;
  }
}
