import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorRepository, RequestItem } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { allPages, newRequest, newSession, repositoryAt } from './support';

const NOW = '2025-08-01T12:00:00.000Z';
const T = Date.parse(NOW);
let db: TestDynamo;
let repo: OrchestratorRepository;

beforeAll(async () => {
  db = await startTestDynamo();
  repo = repositoryAt(db, NOW);
});
afterAll(async () => {
  await db?.close();
});

async function listOpen(limit: number, leaseExpiredBefore?: number): Promise<string[]> {
  const pages = await allPages((cursor) =>
    repo.listUnfinishedRequests({ limit, cursor, leaseExpiredBefore }),
  );
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
  return pages.flat().map((r) => r.request_id);
}

async function rawItem(request: RequestItem): Promise<Record<string, unknown> | undefined> {
  const out = await db.doc.get({ TableName: db.tableName, Key: { pk: request.pk, sk: request.sk } });
  return out.Item;
}

describe('open_requests index', () => {
  it('lists unfinished requests across shards by lease expiry, and drops finished ones', async () => {
    const session = await repo.createSession(newSession());
    const append = (id: string, lease?: number) =>
      repo.appendRequest(
        newRequest(session.session_id, {
          request_id: id,
          ...(lease === undefined ? {} : { lease_owner: 'worker-1', lease_expires_at: lease }),
        }),
      );
    const requests = await Promise.all([
      append('r-a'),
      append('r-b'),
      append('r-c', T + 3_000),
      append('r-d', T + 1_000),
      append('r-e', T + 2_000),
      append('r-f', T + 9_000),
      append('r-g'),
    ]);
    const byId = new Map(requests.map((r) => [r.request_id, r]));

    // Unleased requests sort first (lease 0), ties broken by id.
    expect(await listOpen(2)).toEqual(['r-a', 'r-b', 'r-g', 'r-d', 'r-e', 'r-c', 'r-f']);
    expect(await listOpen(1, T + 2_500)).toEqual(['r-a', 'r-b', 'r-g', 'r-d', 'r-e']);
    expect(await listOpen(10, 1)).toEqual(['r-a', 'r-b', 'r-g']);

    const processing = await repo.updateRequest(byId.get('r-b')!, 1, {
      status: 'processing',
      lease_owner: 'worker-2',
      lease_expires_at: T + 5_000,
    });
    await repo.updateRequest(byId.get('r-d')!, 1, { status: 'completed', state: 'COMPLETED' });
    await repo.updateRequest(byId.get('r-g')!, 1, { status: 'failed', state: 'FAILED' });
    expect(await listOpen(3)).toEqual(['r-a', 'r-e', 'r-c', 'r-b', 'r-f']);

    const finished = await rawItem(byId.get('r-d')!);
    expect(finished).not.toHaveProperty('gsi_open_pk');
    expect(finished).not.toHaveProperty('gsi_open_sk');
    expect(finished).toMatchObject({ status: 'completed', gsi_req_pk: 'r-d' });
    expect(await rawItem(processing)).toHaveProperty('gsi_open_pk');

    // A lease given up puts the request back at the front.
    await repo.updateRequest(processing, 2, { lease_owner: null, lease_expires_at: null });
    expect(await listOpen(2, T)).toEqual(['r-a', 'r-b']);
  });

  it('rejects a cursor reused with another lease bound', async () => {
    const first = await repo.listUnfinishedRequests({ limit: 1 });
    expect(first.cursor).not.toBeNull();
    await expect(
      repo.listUnfinishedRequests({ limit: 1, cursor: first.cursor, leaseExpiredBefore: T }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
