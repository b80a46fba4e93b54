import { ADMIN_PATHS, CatalogSearchResponseSchema, type FaultConfigInput } from '@talknshop/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { startService } from '../src/services';
import { type ErrorBody, get, post, request, useService } from './helpers';

const catalog = useService('catalog');

function putFaults(url: string, config: FaultConfigInput | unknown) {
  return request<ErrorBody & FaultConfigInput>(`${url}${ADMIN_PATHS.faults}`, {
    method: 'PUT',
    body: config,
  });
}

async function searchStatuses(url: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++)
    statuses.push((await post(`${url}/search`, { query: 'shoes', limit: 1 })).status);
  return statuses;
}

async function waitForRequest(url: string, path: string): Promise<void> {
  for (;;) {
    const log = await get<{ path: string }[]>(`${url}${ADMIN_PATHS.requests}`);
    if (log.body.some((entry) => entry.path === path)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

afterEach(async () => {
  await request(`${catalog.url}${ADMIN_PATHS.faults}`, { method: 'DELETE' });
  await request(`${catalog.url}${ADMIN_PATHS.requests}`, { method: 'DELETE' });
});

describe('admin endpoints', () => {
  it('replaces, reports and clears the fault config', async () => {
    const put = await putFaults(catalog.url, { rules: [{ endpoint: '/search', error_rate: 0.25 }] });
    expect(put.status).toBe(200);
    const active = { seed: 1, rules: [{ endpoint: '/search', error_rate: 0.25, error_status: 503 }] };
    expect(put.body).toEqual(active);
    expect((await get(`${catalog.url}${ADMIN_PATHS.faults}`)).body).toEqual(active);
    const cleared = await request(`${catalog.url}${ADMIN_PATHS.faults}`, { method: 'DELETE' });
    expect(cleared.body).toEqual({ seed: 1, rules: [] });
  });

  it.each([
    ['an error rate above 1', { rules: [{ endpoint: '/search', error_rate: 2 }] }, 'rules.0.error_rate'],
    ['an unknown endpoint', { rules: [{ endpoint: '/serch', error_rate: 1 }] }, 'rules.0.endpoint'],
    ['an unknown key', { seed: 3, rulez: [] }, 'rulez'],
    [
      'a bad latency distribution',
      { rules: [{ endpoint: '*', latency: { distribution: 'pareto' } }] },
      'rules.0.latency',
    ],
  ])('rejects %s with 400 and keeps the previous config', async (_name, config, field) => {
    await putFaults(catalog.url, { seed: 9, rules: [] });
    const response = await putFaults(catalog.url, config);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_REQUEST', field });
    expect((await get(`${catalog.url}${ADMIN_PATHS.faults}`)).body).toEqual({ seed: 9, rules: [] });
  });
});

describe('injected errors', () => {
  it('fails every call with error_rate 1, but never the admin or health endpoints', async () => {
    await putFaults(catalog.url, { rules: [{ endpoint: '*', error_rate: 1, error_status: 502 }] });
    for (let i = 0; i < 5; i++) {
      const response = await post<ErrorBody>(`${catalog.url}/search`, { query: 'shoes' });
      expect(response.status).toBe(502);
      expect(response.body.error.code).toBe('INJECTED_FAULT');
    }
    expect((await get(`${catalog.url}/products/p-000001`)).status).toBe(502);
    expect((await get(`${catalog.url}/health`)).status).toBe(200);
    expect((await get(`${catalog.url}${ADMIN_PATHS.faults}`)).status).toBe(200);
  });

  it('only faults the endpoint a rule names', async () => {
    await putFaults(catalog.url, { rules: [{ endpoint: '/products/{product_id}', error_rate: 1 }] });
    expect((await get(`${catalog.url}/products/p-000001`)).status).toBe(503);
    expect((await post(`${catalog.url}/search`, { query: 'shoes' })).status).toBe(200);
  });

  it('replays the same faults for the same seed', async () => {
    const config = { seed: 42, rules: [{ endpoint: '/search', error_rate: 0.5 }] };
    await putFaults(catalog.url, config);
    const first = await searchStatuses(catalog.url, 20);
    await putFaults(catalog.url, config);
    const second = await searchStatuses(catalog.url, 20);
    expect(second).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(503);
    await putFaults(catalog.url, { ...config, seed: 43 });
    expect(await searchStatuses(catalog.url, 20)).not.toEqual(first);
  });
});

describe('injected latency', () => {
  it('delays answers by at least a fixed latency', async () => {
    await putFaults(catalog.url, { rules: [{ endpoint: '/search', latency: 150 }] });
    const started = performance.now();
    const response = await post(`${catalog.url}/search`, { query: 'shoes' });
    expect(response.status).toBe(200);
    // Timers may fire a millisecond early relative to the client's clock.
    expect(performance.now() - started).toBeGreaterThanOrEqual(148);
  });

  it('delays answers by at least the minimum of a sampled latency', async () => {
    await putFaults(catalog.url, {
      rules: [{ endpoint: '*', latency: { distribution: 'uniform', min_ms: 80, max_ms: 120 } }],
    });
    const started = performance.now();
    expect((await get(`${catalog.url}/products/p-000001`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(78);
  });
});

describe('hangs', () => {
  it('never answers until the rule is cleared', async () => {
    await putFaults(catalog.url, { rules: [{ endpoint: '/search', hang: true }] });
    let settled = false;
    const pending = post(`${catalog.url}/search`, { query: 'shoes' }).finally(() => {
      settled = true;
    });
    await waitForRequest(catalog.url, '/search');
    expect((await get(`${catalog.url}/products/p-000001`)).status).toBe(200);
    expect(settled).toBe(false);
    await request(`${catalog.url}${ADMIN_PATHS.faults}`, { method: 'DELETE' });
    expect((await pending).status).toBe(200);
  });

  it('drops hanging connections when the server closes', async () => {
    const service = await startService('composer', {
      env: {},
      faults: { rules: [{ endpoint: '/rank', hang: true }] },
    });
    const pending = fetch(`${service.url}/rank`, { method: 'POST' });
    await waitForRequest(service.url, '/rank');
    await service.close();
    await expect(pending).rejects.toThrow();
  });
});

describe('malformed answers', () => {
  it('answers 200 with bodies that break the response contract', async () => {
    await putFaults(catalog.url, { seed: 5, rules: [{ endpoint: '/search', malformed_rate: 1 }] });
    const bodies: string[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await fetch(`${catalog.url}/search`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'shoes' }),
      });
      expect(response.status).toBe(200);
      bodies.push(await response.text());
    }
    for (const body of bodies) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        continue;
      }
      expect(CatalogSearchResponseSchema.safeParse(parsed).success).toBe(false);
    }
    expect(bodies).toContain('{"unexpected":true}');
    expect(bodies.some((body) => body !== '{"unexpected":true}')).toBe(true);
  });
});

describe('start-up faults', () => {
  it('come from <SERVICE>_FAULTS', async () => {
    const service = await startService('catalog', {
      env: {
        CATALOG_FAULTS: JSON.stringify({
          rules: [{ endpoint: '/search', error_rate: 1, error_status: 429 }],
        }),
      },
    });
    try {
      expect((await post(`${service.url}/search`, { query: 'shoes' })).status).toBe(429);
      expect((await get(`${service.url}/products/p-000001`)).status).toBe(200);
    } finally {
      await service.close();
    }
  });

  it.each([
    ['not JSON', '{rules:', /CATALOG_FAULTS is not valid JSON/],
    [
      'not a fault config',
      '{"rules":[{"endpoint":"/search","error_rate":-1}]}',
      /CATALOG_FAULTS is not a valid fault config: rules\.0\.error_rate/,
    ],
  ])('refuse to start when the variable is %s', async (_name, value, message) => {
    await expect(startService('catalog', { env: { CATALOG_FAULTS: value } })).rejects.toThrow(message);
  });

  it('can be passed as options, which must be valid too', async () => {
    await expect(
      startService('media', { env: {}, faults: { rules: [{ endpoint: '/search', error_rate: 1 }] } }),
    ).rejects.toThrow(/invalid faults for the media service: rules\.0\.endpoint/);
  });
});
