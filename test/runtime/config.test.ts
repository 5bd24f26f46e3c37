import { describe, expect, it } from 'vitest';
import { ConfigError, feedSettingsFrom, readEnv, required } from '../../lambdas/runtime/config.js';

describe('a Lambda reads its environment once, with messages an operator can act on', () => {
  it('applies the defaults and reads numbers from strings', () => {
    const env = readEnv({ TABLE_NAME: 'items', FEED_MAX_ENTRIES: '40' });
    expect(env.FEED_MAX_ENTRIES).toBe(40);
    expect(feedSettingsFrom(env)).toMatchObject({ baseUrl: 'http://127.0.0.1:8787/', maxEntries: 40 });
  });

  it.each([
    [{ QUEUE_URL: 'not a url' }, /QUEUE_URL: Invalid URL/],
    [{ TABLE_NAME: 'x' }, /TABLE_NAME: Too small: expected string to have >=3 characters/],
    [{ FEED_MAX_ENTRIES: '5000' }, /FEED_MAX_ENTRIES: Too big: expected number to be <=1000/],
    [{ FEED_MAX_ENTRIES: 'many' }, /FEED_MAX_ENTRIES: Invalid input: expected number/],
  ])('names the variable and what is wrong with %o', (env, message) => {
    expect(() => readEnv(env)).toThrow(ConfigError);
    expect(() => readEnv(env)).toThrow(message);
  });

  it('names a variable the handler needs but was not given', () => {
    expect(() => required(readEnv({}), 'ARCHIVE_BUCKET')).toThrow('environment variable ARCHIVE_BUCKET is not set');
  });
});
