import { RateLimitStore } from '@talknshop/db';
import { startTestDynamo, type TestDynamo } from '@talknshop/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginThrottle } from '../../src/auth/login-throttle';
import { ApiError } from '../../src/errors';

const T0 = Date.parse('2031-03-01T09:00:00.000Z');
const CONFIG = { attempts: 3, windowSeconds: 900 };

let db: TestDynamo;

beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

/** One orchestrator instance's throttle over the shared table, on the given clock. */
function instance(clock: () => Date) {
  const store = new RateLimitStore({
    doc: db.doc,
    tableName: db.tableName,
    clock,
    leaseSize: 1,
    leaseMs: 1_000,
  });
  return createLoginThrottle(store, CONFIG);
}

async function refusal(attempt: Promise<void>): Promise<ApiError> {
  const error = await attempt.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('the operator login throttle', () => {
  it('counts a username’s attempts across instances and refuses the one past the limit with a retry time', async () => {
    const clock = () => new Date(T0);
    const [first, second] = [instance(clock), instance(clock)];
    await first('operator');
    await second('operator');
    await first('operator');

    const error = await refusal(second('operator'));
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.retryable).toBe(true);
    // One attempt comes back every 300 s (3 per 900 s).
    expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(300);
    await refusal(first('operator'));

    // Another name has attempts of its own.
    await first('someone-else');
  });

  it('gives the attempts back one by one as the window passes', async () => {
    let now = T0;
    const throttle = instance(() => new Date(now));
    for (let i = 0; i < CONFIG.attempts; i += 1) await throttle('refill-operator');
    await refusal(throttle('refill-operator'));

    now += 300_000;
    await throttle('refill-operator');
    await refusal(throttle('refill-operator'));
  });
});
