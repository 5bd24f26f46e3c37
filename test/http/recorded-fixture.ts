import { fileURLToPath } from 'node:url';
import { createHttpClient, type HttpClientOptions } from '../../lambdas/http/http-client.js';
import { startRecordedServer, type RecordedServer } from '../../lambdas/local/recorded-server.js';

/** The failure-case sites: faults.example, charsets.example, www.kommersant.ru, www.mid.ru. */
export const HTTP_SITES = fileURLToPath(new URL('../../fixtures/http/sites', import.meta.url));

export async function startHttpSites(): Promise<RecordedServer> {
  return startRecordedServer({ root: HTTP_SITES });
}

/**
 * A client wired to the recorded server the way the demo wires it, with the
 * waiting replaced by a recorder so tests never sleep for real.
 */
export function recordedClient(server: RecordedServer, overrides: HttpClientOptions = {}) {
  const sleeps: number[] = [];
  const client = createHttpClient({
    route: server.route,
    allowOrigins: [server.origin],
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 5_000,
    retries: 2,
    perHostDelayMs: 0,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { client, sleeps };
}
