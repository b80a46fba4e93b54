import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdempotencyStore } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { manualClock } from './support';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

function store(clock = manualClock('2100-01-01T00:00:00Z')) {
  return {
    clock,
    store: new IdempotencyStore({
      doc: db.doc,
      tableName: db.tableName,
      clock: clock.now,
      ttlSeconds: 86_400,
      inProgressMs: 30_000,
    }),
  };
}

describe('idempotency store', () => {
  it('lets exactly one of many concurrent duplicates claim a key', async () => {
    const { store: s } = store();
    const claims = await Promise.all(Array.from({ length: 12 }, () => s.claim('client', 'k-race', 'f1')));
    expect(claims.filter((c) => c.state === 'claimed')).toHaveLength(1);
    expect(claims.filter((c) => c.state === 'in_progress')).toHaveLength(11);
  });

  it('replays the stored response once completed', async () => {
    const { store: s } = store();
    expect(await s.claim('client', 'k-done', 'f1')).toEqual({ state: 'claimed' });
    await s.complete('client', 'k-done', 'f1', { status: 200, body: { ok: 1 } });
    expect(await s.claim('client', 'k-done', 'f1')).toEqual({
      state: 'completed',
      response: { status: 200, body: { ok: 1 } },
    });
  });

  it('refuses the same key with a different body', async () => {
    const { store: s } = store();
    await s.claim('client', 'k-mismatch', 'f1');
    expect(await s.claim('client', 'k-mismatch', 'f2')).toEqual({ state: 'mismatch' });
  });

  it('keeps keys of different scopes apart', async () => {
    const { store: s } = store();
    expect((await s.claim('client-a', 'shared', 'f1')).state).toBe('claimed');
    expect((await s.claim('client-b', 'shared', 'f2')).state).toBe('claimed');
  });

  it('lets a released key run again', async () => {
    const { store: s } = store();
    await s.claim('client', 'k-release', 'f1');
    await s.release('client', 'k-release', 'f1');
    expect((await s.claim('client', 'k-release', 'f1')).state).toBe('claimed');
  });

  it('lets a key abandoned by a crashed holder be claimed after its claim lapses', async () => {
    const { store: s, clock } = store();
    await s.claim('client', 'k-crash', 'f1');
    expect((await s.claim('client', 'k-crash', 'f1')).state).toBe('in_progress');
    clock.set('2100-01-01T00:01:00Z');
    expect((await s.claim('client', 'k-crash', 'f1')).state).toBe('claimed');
  });
});
