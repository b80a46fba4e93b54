import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack';

/** The API docs must render in a real browser, from local assets only (no CDN is reachable). */
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startTestStack();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function openPage(path: string) {
  const page = await browser.newPage();
  const external: string[] = [];
  // The CSP blocks other origins before any network traffic; a response from one would mean it did not.
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.hostname !== '127.0.0.1' && url.protocol.startsWith('http')) external.push(response.url());
  });
  await page.goto(`${stack.api.url}${path}`);
  return { page, external };
}

describe('API documentation', () => {
  it('serves an OpenAPI document generated from the router', async () => {
    const response = await fetch(`${stack.api.url}/openapi.json`);
    const document = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).sort()).toEqual([
      '/api/v1/chat',
      '/api/v1/search',
      '/api/v1/sessions/{session_id}',
      '/api/v1/sessions/{session_id}/clarify',
      '/health',
      '/health/ready',
    ]);
  });

  it('renders Swagger UI at /docs', async () => {
    const { page, external } = await openPage('/docs');
    await page.getByText('/api/v1/search').first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('TalknShop Orchestrator API').first().isVisible()).toBe(true);
    expect(external).toEqual([]);
    await page.screenshot({ path: 'test-results/swagger-ui.png' });
    await page.close();
  });

  it('renders ReDoc at /redoc', async () => {
    const { page, external } = await openPage('/redoc');
    await page
      .getByText('/api/v1/sessions/{session_id}/clarify')
      .first()
      .waitFor({ timeout: 30_000, state: 'attached' });
    expect(await page.locator('h1', { hasText: 'TalknShop Orchestrator API' }).count()).toBeGreaterThan(0);
    expect(external).toEqual([]);
    await page.screenshot({ path: 'test-results/redoc.png' });
    await page.close();
  });
});
