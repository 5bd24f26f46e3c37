/** The polite fetcher: one import for the pipeline and the CLI. */
export { createHttpClient, DEFAULT_USER_AGENT, type HttpClientOptions, type HttpClientWithClose } from './http-client.js';
export { decodeBody, detectCharset, normaliseCharset, UnknownCharsetError, type DecodedBody } from './charset.js';
export { detectBotCheck } from './bot-check.js';
export { nextAttemptAfter, parseRetryAfter, retryDelayMs, MAX_SOURCE_BACKOFF_MS } from './backoff.js';
export { forbiddenRange, guardedLookup, ForbiddenAddressError } from './address-guard.js';
export { canonicalUrl, BadUrlError } from './canonical-url.js';
export type { FetchFailureKind, FetchRequest, FetchResult, HttpClient, RobotsMemory, RobotsSnapshot } from './types.js';
