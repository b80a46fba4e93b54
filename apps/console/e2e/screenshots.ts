import { copyFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page, TestInfo } from '@playwright/test';

/** The README shows these; a run with UPDATE_SCREENSHOTS=1 refreshes them. */
const DOCS_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

/**
 * Off by default: a test run must leave the tracked tree as it found it (CI checks that), and every run's
 * pixels differ slightly (timestamps, ids), so refreshing is a deliberate step.
 */
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === '1';

export type ScreenshotName = 'login' | 'sessions' | 'session-detail' | 'replay-diff' | 'latency';

/** Saves a screenshot with the test's artifacts and, when refreshing, copies it to docs/screenshots/<name>.png. */
export async function screenshot(page: Page, testInfo: TestInfo, name: ScreenshotName): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
  if (!UPDATE_DOCS) return;
  await mkdir(DOCS_DIR, { recursive: true });
  await copyFile(path, `${DOCS_DIR}${name}.png`);
}
