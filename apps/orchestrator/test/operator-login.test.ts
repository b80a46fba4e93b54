import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ OPERATOR_LOGIN_ATTEMPTS: '3', OPERATOR_LOGIN_WINDOW_SECONDS: '3600' });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

/** `admin.login` as the console's browser sends it. */
async function login(username: string, password: string) {
  const response = await fetch(`${stack.api.url}/trpc/admin.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { username, password } }),
  });
  const body = (await response.json()) as { error?: { json: { data: { api: { code: string } } } } };
  return { status: response.status, headers: response.headers, code: body.error?.json.data.api.code ?? null };
}

describe('operator login attempts', () => {
  it('are limited per username: past the limit even the right password is refused with 429 and Retry-After', async () => {
    const { username, password } = stack.config.operator;
    for (let i = 0; i < 3; i += 1) {
      expect(await login(username, 'a-wrong-guess')).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    }
    const refused = await login(username, password);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('set-cookie')).toBeNull();

    // Guesses at another name neither count against the operator's nor get past the password check.
    expect(await login('not-the-operator', password)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });
});
