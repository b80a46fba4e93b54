import { AsyncLocalStorage } from 'node:async_hooks';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET } from '../app/health/route';
import { config } from '../proxy';

type MatchesProxy = (url: string) => boolean;
let matchesProxy: MatchesProxy;

beforeAll(async () => {
  // Next's server modules expect the global its own server installs before loading them.
  Object.assign(globalThis, { AsyncLocalStorage });
  const { unstable_doesMiddlewareMatch } = await import('next/experimental/testing/server.js');
  matchesProxy = (url) => unstable_doesMiddlewareMatch({ config, url });
});

describe('GET /health', () => {
  it('answers 200 with {"status":"ok"}, never cached', async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is not sent to /login by the proxy, which still guards every page', () => {
    expect(matchesProxy('/health')).toBe(false);
    expect(matchesProxy('/health?probe=alb')).toBe(false);
    for (const page of ['/sessions', '/healthz', '/health/details', '/latency']) {
      expect(matchesProxy(page), page).toBe(true);
    }
  });
});
