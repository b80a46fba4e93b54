import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

/** The README shows these; the test run refreshes them. */
const DOCS_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export type ScreenshotName = 'login' | 'sessions' | 'session-detail' | 'replay-diff' | 'latency';

/** Saves a screenshot with the test's artifacts and copies it to docs/screenshots/<name>.png. */
export async function screenshot(page: Page, testInfo: TestInfo, name: ScreenshotName): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  await mkdir(DOCS_DIR, { recursive: true });
  await copyFile(path, `${DOCS_DIR}${name}.png`);
}
