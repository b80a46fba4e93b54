import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbError, type RequestStatus } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { newRequest, newSession, repositoryAt } from './support';

const STATUSES: RequestStatus[] = ['pending', 'processing', 'completed', 'failed'];
let db: TestDynamo;

beforeAll(async () => {
  db = await startTestDynamo();
  // 40 sessions over three days, the status cycling; two on the exact edges of the counted range.
  const plan = Array.from({ length: 40 }, (_, i) => ({
    at: `2025-06-${String(10 + (i % 3)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:30:00.000Z`,
    status: STATUSES[i % 4]!,
  }));
  plan.push(
    { at: '2025-06-10T06:00:00.000Z', status: 'failed' },
    { at: '2025-06-12T06:00:00.000Z', status: 'failed' },
  );
  await Promise.all(plan.map(({ at, status }) => repositoryAt(db, at).createSession(newSession({ status }))));
});
afterAll(async () => {
  await db?.close();
});

describe('countSessionsByStatus', () => {
  it('counts the sessions created in [from, to) by status, across day buckets', async () => {
    const repo = repositoryAt(db, '2025-06-13T00:00:00.000Z');
    const counts = await repo.countSessionsByStatus({
      from: '2025-06-10T06:00:00.000Z',
      to: '2025-06-12T06:00:00.000Z',
    });
    // Expected from the plan: sessions on the 10th from 06:00, all of the 11th, the 12th before 06:00.
    const expected: Record<RequestStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
    for (let i = 0; i < 40; i += 1) {
      const day = 10 + (i % 3);
      const hour = i % 24;
      if ((day === 10 && hour >= 6) || day === 11 || (day === 12 && hour < 6))
        expected[STATUSES[i % 4]!] += 1;
    }
    expected.failed += 1; // the session exactly at `from`
    expect(counts).toEqual(expected);
  });

  it('counts nothing in an empty range and refuses one longer than a month', async () => {
    const repo = repositoryAt(db, '2025-06-13T00:00:00.000Z');
    expect(
      await repo.countSessionsByStatus({ from: '2025-05-01T00:00:00Z', to: '2025-05-02T00:00:00Z' }),
    ).toEqual({ pending: 0, processing: 0, completed: 0, failed: 0 });
    await expect(
      repo.countSessionsByStatus({ from: '2025-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }),
    ).rejects.toBeInstanceOf(DbError);
  });
});

describe('findRequestRef', () => {
  it('finds where a request lives from its id alone', async () => {
    const repo = repositoryAt(db, '2025-06-11T12:00:00.000Z');
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    expect(await repo.findRequestRef(request.request_id)).toEqual({
      session_id: session.session_id,
      request_id: request.request_id,
      created_at: request.created_at,
    });
    expect(await repo.findRequestRef('no-such-request')).toBeNull();
  });
});
