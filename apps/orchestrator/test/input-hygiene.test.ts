import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;
let base: string;

beforeAll(async () => {
  stack = await startTestStack({ CONSOLE_ORIGIN: 'http://console.test:3000' });
  base = stack.api.url;
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const search = (body: Record<string, unknown>) => post(`${base}/api/v1/search`, { user_id: 'u-1', ...body });
const fields = (response: { body: { error: { issues?: { field: string }[] } } }) =>
  (response.body.error.issues ?? []).map((issue) => issue.field);

describe('input hygiene', () => {
  it('accepts only known media types', async () => {
    const response = await search({
      audio: { content_type: 'application/x-msdownload', data_base64: 'AAAA' },
    });
    expect(response.status).toBe(400);
    expect(fields(response)).toContain('audio.content_type');
  });

  it('refuses media that is not base64', async () => {
    const response = await search({ image: { content_type: 'image/png', data_base64: 'not base64!' } });
    expect(response.status).toBe(400);
    expect(fields(response)).toContain('image.data_base64');
  });

  it('limits the decoded size of media below the body limit', async () => {
    const overLimit = Buffer.alloc(8.5 * 1024 * 1024).toString('base64');
    const response = await search({ audio: { content_type: 'audio/wav', data_base64: overLimit } });
    expect(response.status).toBe(400);
    expect(fields(response)).toContain('audio.data_base64');
  });

  it('accepts media URLs over http(s) only', async () => {
    const response = await search({ image: { content_type: 'image/png', url: 'file:///etc/passwd' } });
    expect(response.status).toBe(400);
    expect(fields(response)).toContain('image.url');
  });

  it('limits text length', async () => {
    const response = await search({ query: 'shoes '.repeat(400) });
    expect(response.status).toBe(400);
    expect(fields(response)).toContain('query');
  });

  it('rejects unknown fields, naming them', async () => {
    const response = await search({ query: 'shoes', admin: true });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.error)).toContain('admin');
  });
});

describe('response headers', () => {
  it('sets security headers on API responses', async () => {
    const response = await fetch(`${base}/health`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it("allows CORS from the console's origin only", async () => {
    const allowed = await fetch(`${base}/api/v1/search`, {
      method: 'OPTIONS',
      headers: { origin: 'http://console.test:3000', 'access-control-request-method': 'POST' },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://console.test:3000');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    // Every header a browser client needs to act on is readable by its script.
    const exposed = allowed.headers.get('access-control-expose-headers')?.split(/,\s*/) ?? [];
    for (const header of ['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'idempotent-replayed']) {
      expect(exposed).toContain(header);
    }
    const other = await fetch(`${base}/api/v1/search`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${base}/health`, { headers: { origin: 'http://evil.test' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});
