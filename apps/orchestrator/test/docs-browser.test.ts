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

/**
 * Opens a docs page, noting every request for anything not on the API's own origin (whether or not the CSP
 * then blocks it: a blocked request still shows the page wanted a CDN), and every request that failed or
 * got an error status.
 */
async function openPage(path: string) {
  const page = await browser.newPage();
  const origin = new URL(stack.api.url).origin;
  const external: string[] = [];
  const failed: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).origin !== origin) external.push(request.url());
  });
  page.on('requestfailed', (request) => {
    failed.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.url()}: status ${response.status()}`);
  });
  await page.goto(`${stack.api.url}${path}`);
  return { page, external, failed };
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
    const { page, external, failed } = await openPage('/docs');
    await page.getByText('/api/v1/search').first().waitFor({ timeout: 30_000 });
    expect(await page.getByText('TalknShop Orchestrator API').first().isVisible()).toBe(true);
    // Whatever the page loads once rendered (logos, lazy chunks) counts too.
    await page.waitForLoadState('networkidle');
    expect(external).toEqual([]);
    expect(failed).toEqual([]);
    await page.screenshot({ path: 'test-results/swagger-ui.png' });
    await page.close();
  });

  it('renders ReDoc at /redoc', async () => {
    const { page, external, failed } = await openPage('/redoc');
    await page
      .getByText('/api/v1/sessions/{session_id}/clarify')
      .first()
      .waitFor({ timeout: 30_000, state: 'attached' });
    expect(await page.locator('h1', { hasText: 'TalknShop Orchestrator API' }).count()).toBeGreaterThan(0);
    // Whatever the page loads once rendered (logos, lazy chunks) counts too.
    await page.waitForLoadState('networkidle');
    expect(external).toEqual([]);
    expect(failed).toEqual([]);
    await page.screenshot({ path: 'test-results/redoc.png' });
    await page.close();
  });
});
