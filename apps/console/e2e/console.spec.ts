import { expect, type Page, test } from '@playwright/test';
import { chat, parseDuration, search, setCatalogFaults } from './orchestrator-api';
import { screenshot } from './screenshots';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: is the global setup running?`);
  return value;
}

const consoleUrl = () => env('E2E_CONSOLE_URL');
const orchestratorUrl = () => env('E2E_ORCHESTRATOR_URL');
const catalogUrl = () => env('E2E_CATALOG_URL');

test.use({ baseURL: process.env.E2E_CONSOLE_URL });

async function logIn(page: Page): Promise<void> {
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password').fill(env('E2E_OPERATOR_PASSWORD'));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('admin calls without the operator cookie are refused with 401, the live feed included', async () => {
  const input = encodeURIComponent(JSON.stringify({ json: { limit: 5 } }));
  const response = await fetch(`${consoleUrl()}/trpc/admin.sessions.list?input=${input}`);
  expect(response.status).toBe(401);
  const body = (await response.json()) as { error: { json: { data: { api: { code: string } } } } };
  expect(body.error.json.data.api.code).toBe('UNAUTHORIZED');

  // The live feed is a server-sent event stream: its refusal is the one event it sends before closing.
  const feedInput = encodeURIComponent(JSON.stringify({ json: { session_id: 'any-session' } }));
  const feed = await fetch(`${consoleUrl()}/trpc/admin.sessions.events?input=${feedInput}`, {
    signal: AbortSignal.timeout(30_000),
  });
  expect(feed.headers.get('content-type')).toContain('text/event-stream');
  const stream = await feed.text();
  expect(stream).toContain('event: serialized-error');
  expect(stream).toContain('"httpStatus":401');
  expect(stream).toContain('UNAUTHORIZED');
  expect(stream).not.toMatch(/^id:/m);
});

test('a wrong password is refused and the operator stays on the login page', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('Username').fill('operator');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Next's route announcer is an (empty) alert too: look for ours by its text.
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong username or password' })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('an operator follows a shopper session from the list to its replay, then watches latency', async ({
  page,
}, testInfo) => {
  const user = `e2e-${Date.now().toString(36)}`;
  const first = await search(
    orchestratorUrl(),
    env('E2E_API_KEY'),
    user,
    'red running shoes under 150 dollars',
  );
  // A few other shoppers, so the list and the counts have something to show; "a gift" is too vague to
  // search for, so that session waits on a clarifying question.
  const others = [];
  for (const [index, query] of [
    'wireless headphones under 80 dollars',
    'a gift',
    'black leather boots',
  ].entries()) {
    others.push(await search(orchestratorUrl(), env('E2E_API_KEY'), `${user}-other-${index}`, query));
  }
  const vague = others[1]!;

  await test.step('unauthenticated pages redirect to the login page', async () => {
    await page.goto('/sessions');
    await expect(page).toHaveURL(/\/login\?next=%2Fsessions/);
    await expect(page.getByRole('heading', { name: /TalknShop/ })).toBeVisible();
    await screenshot(page, testInfo, 'login');
  });

  await test.step('log in and find the session by its user', async () => {
    await logIn(page);
    await expect(page).toHaveURL(/\/sessions$/);
    await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
    await page.getByLabel('User id').fill(user);
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(new RegExp(`user_id=${user}`));
    const rows = page.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(2); // the header and the one session
    await expect(rows.nth(1)).toContainText(user);
    await page.getByLabel('User id').fill('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByRole('table')).toContainText(user);
    await screenshot(page, testInfo, 'sessions');
  });

  await test.step('open the session and see the conversation and the timeline', async () => {
    await page.getByLabel('User id').fill(user);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByRole('table')
      .getByRole('link', { name: first.session_id.slice(0, 8) })
      .click();
    await expect(page).toHaveURL(new RegExp(`/sessions/${first.session_id}`));
    const card = page.locator(`#request-${first.request_id}`);
    await expect(card.getByRole('list', { name: 'Conversation' })).toContainText('red running shoes');
    const timeline = card.getByRole('list', { name: 'State timeline' });
    await expect(timeline).toContainText('SEARCHING');
    await expect(timeline).toContainText('COMPLETED');
    await expect(timeline.getByRole('table').first()).toContainText('/search');
    await screenshot(page, testInfo, 'session-detail');
  });

  await test.step('the open session page shows a new request of the shopper as it happens', async () => {
    await expect(page.getByRole('status').filter({ hasText: /^Live$/ })).toBeVisible();
    // A mark that a reload or a navigation would wipe out.
    await page.evaluate(() => {
      (globalThis as { stillThisPage?: boolean }).stillThisPage = true;
    });
    const followUp = await chat(
      orchestratorUrl(),
      env('E2E_API_KEY'),
      user,
      first.session_id,
      'show me blue ones instead',
    );
    // The session was settled, so nothing polls it; and the fallback poll (only while the live feed is
    // down) is 30 s: seeing the request well before that proves it came through the live feed.
    const card = page.locator(`#request-${followUp.request_id}`);
    await expect(card.getByRole('list', { name: 'Conversation' })).toContainText('show me blue ones', {
      timeout: 15_000,
    });
    expect(await page.evaluate(() => (globalThis as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
  });

  await test.step('a session waiting on the shopper shows the question it asked', async () => {
    expect(vague.status).toBe('awaiting_clarification');
    await page.goto('/sessions?status=pending');
    await page
      .getByRole('table')
      .getByRole('link', { name: vague.session_id.slice(0, 8) })
      .click();
    const thread = page.locator(`#request-${vague.request_id}`).getByRole('list', { name: 'Conversation' });
    await expect(thread).toContainText('Assistant asks');
    await expect(thread).toContainText('Waiting for the shopper to answer');
    await page.screenshot({ path: testInfo.outputPath('clarification.png') });
  });

  await test.step('look the request up by its id', async () => {
    await page.goto('/sessions');
    await page.getByLabel('Session or request id').fill(first.request_id);
    await page.getByRole('button', { name: 'Open' }).click();
    await expect(page).toHaveURL(new RegExp(`/sessions/${first.session_id}\\?request=${first.request_id}`));
    await expect(page.locator(`#request-${first.request_id}`)).toHaveClass(/highlighted/);
  });

  await test.step('replay the request with its recorded answers and see an identical diff', async () => {
    await page
      .locator(`#request-${first.request_id}`)
      .getByRole('button', { name: 'Replay recorded' })
      .click();
    await expect(page).toHaveURL(/\/replays\//);
    await expect(page.getByRole('status').filter({ hasText: /Identical|Differs/ })).toContainText(
      'Identical',
    );
    await expect(page.getByRole('region', { name: 'Results' })).toContainText('only in replay: 0');
    await screenshot(page, testInfo, 'replay-diff');
  });

  await test.step('slow the catalog down and see its /search p95 rise', async () => {
    const p95 = page.locator('tr[data-endpoint="catalog /search"] [data-metric="p95"]');
    // The searches so far, at the catalog's own speed, are the "before": well under the latency injected next.
    await page.goto('/latency?window=15m');
    let before = Number.NaN;
    await expect(async () => {
      await page.reload();
      before = parseDuration((await p95.textContent({ timeout: 10_000 })) ?? '');
      expect(before).toBeLessThan(400);
    }).toPass({ timeout: 90_000, intervals: [1_000, 2_000, 3_000] });
    await setCatalogFaults(catalogUrl(), [{ endpoint: '/search', latency: 400 }]);
    try {
      for (const query of [
        'blue denim jacket',
        'leather boots',
        'wireless headphones',
        'yoga mat',
        'coffee mug',
      ]) {
        await search(orchestratorUrl(), env('E2E_API_KEY'), `${user}-slow`, query);
      }
    } finally {
      await setCatalogFaults(catalogUrl(), []);
    }
    // Metrics are flushed in the background; reload until the slow calls are counted.
    await expect(async () => {
      await page.reload();
      const after = parseDuration((await p95.textContent({ timeout: 10_000 })) ?? '');
      expect(after).toBeGreaterThanOrEqual(400);
      expect(after).toBeGreaterThan(before);
    }).toPass({ timeout: 90_000, intervals: [1_000, 2_000, 3_000] });
    await expect(page.getByText('How these are computed')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Circuit breakers' })).toContainText('catalog');
    await screenshot(page, testInfo, 'latency');
  });

  await test.step('sign out, after which pages send the operator back to the login page', async () => {
    await expect(page.getByText('Signed in as')).toContainText('operator');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto('/sessions');
    await expect(page).toHaveURL(/\/login\?next=/);
  });
});
