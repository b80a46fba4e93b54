import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  RequestStatus,
  RequestType,
  SessionFilters,
  SessionItem,
  WorkflowStateName,
} from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { allPages, repositoryAt } from './support';

const NOW = '2025-03-10T18:00:00.000Z';
const STATUSES: RequestStatus[] = ['pending', 'processing', 'completed', 'failed'];
const STATES: WorkflowStateName[] = ['INITIAL', 'SEARCHING', 'COMPLETED', 'FAILED', 'CLARIFICATION'];
const TYPES: RequestType[] = ['search', 'chat', 'clarify', 'replay'];

let db: TestDynamo;
let seeded: SessionItem[];

/** 60 sessions over ten days (some sharing a timestamp), two on the edges of a range, two long ago. */
function seedPlan(): { id: string; at: string; user: string; client: string; i: number }[] {
  const plan = Array.from({ length: 60 }, (_, i) => {
    const twin = i >= 55 ? i - 10 : i;
    const day = String(1 + (twin % 10)).padStart(2, '0');
    const hour = String((twin * 7) % 24).padStart(2, '0');
    const minute = String(twin % 60).padStart(2, '0');
    return {
      id: `s-${String(i).padStart(2, '0')}`,
      at: `2025-03-${day}T${hour}:${minute}:00.000Z`,
      user: `u${i % 4}`,
      client: i % 3 === 0 ? 'ios' : 'web',
      i,
    };
  });
  return [
    ...plan,
    { id: 's-edge-from', at: '2025-03-03T12:00:00.000Z', user: 'u1', client: 'web', i: 60 },
    { id: 's-edge-to', at: '2025-03-07T00:00:00.000Z', user: 'u1', client: 'web', i: 61 },
    { id: 's-old-1', at: '2025-01-29T10:00:00.000Z', user: 'u1', client: 'web', i: 62 },
    { id: 's-old-2', at: '2025-01-30T10:00:00.000Z', user: 'u2', client: 'web', i: 63 },
  ];
}

beforeAll(async () => {
  db = await startTestDynamo();
  seeded = await Promise.all(
    seedPlan().map(({ id, at, user, client, i }) =>
      repositoryAt(db, at).createSession({
        session_id: id,
        user_id: user,
        client_id: client,
        status: STATUSES[i % 4],
        state: STATES[i % 5],
        request_type: TYPES[(i >> 1) % 4]!,
      }),
    ),
  );
});
afterAll(async () => {
  await db?.close();
});

function newestFirst(a: SessionItem, b: SessionItem): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? 1 : -1;
  return a.session_id < b.session_id ? 1 : -1;
}

function expected(filters: SessionFilters, defaultFrom?: string): string[] {
  const from = filters.from ?? defaultFrom;
  return seeded
    .filter(
      (s) =>
        (filters.user_id === undefined || s.user_id === filters.user_id) &&
        (filters.client_id === undefined || s.client_id === filters.client_id) &&
        (filters.status === undefined || s.status === filters.status) &&
        (filters.state === undefined || s.state === filters.state) &&
        (filters.request_type === undefined || s.request_type === filters.request_type) &&
        (from === undefined || s.created_at >= from) &&
        (filters.to === undefined || s.created_at < filters.to),
    )
    .sort(newestFirst)
    .map((s) => s.session_id);
}

async function listAll(filters: SessionFilters, limit: number): Promise<SessionItem[][]> {
  const repo = repositoryAt(db, NOW);
  return allPages((cursor) => repo.listSessions(filters, { limit, cursor }));
}

function expectFullPagesInOrder(pages: SessionItem[][], limit: number, ids: string[]): void {
  expect(pages.flat().map((s) => s.session_id)).toEqual(ids);
  for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
  expect(pages.at(-1)!.length).toBeLessThanOrEqual(limit);
}

const THIRTY_DAYS_BEFORE_NOW = '2025-02-08T18:00:00.000Z';

describe('listSessions', () => {
  it.each([
    { name: 'no filters, default 30-day range', filters: {}, limit: 7 },
    { name: 'one per page', filters: {}, limit: 1 },
    { name: 'status', filters: { status: 'completed' }, limit: 4 },
    { name: 'state and request type', filters: { state: 'SEARCHING', request_type: 'chat' }, limit: 2 },
    { name: 'client only', filters: { client_id: 'ios' }, limit: 5 },
    { name: 'user id only', filters: { user_id: 'u3' }, limit: 5 },
    { name: 'explicit range reaching old days', filters: { from: '2025-01-01T00:00:00.000Z' }, limit: 9 },
  ] satisfies { name: string; filters: SessionFilters; limit: number }[])(
    'walks day buckets newest first: $name',
    async ({ filters, limit }) => {
      const ids = expected(filters, THIRTY_DAYS_BEFORE_NOW);
      expect(ids.length).toBeGreaterThan(limit);
      expectFullPagesInOrder(await listAll(filters, limit), limit, ids);
    },
  );

  it.each([
    { name: 'user', filters: { client_id: 'web', user_id: 'u1' }, limit: 3 },
    { name: 'user and status', filters: { client_id: 'web', user_id: 'u1', status: 'processing' }, limit: 2 },
    {
      name: 'user and range',
      filters: {
        client_id: 'web',
        user_id: 'u1',
        from: '2025-03-03T12:00:00.000Z',
        to: '2025-03-07T00:00:00.000Z',
      },
      limit: 2,
    },
  ] satisfies { name: string; filters: SessionFilters; limit: number }[])(
    'reads one user partition newest first, over all time by default: $name',
    async ({ filters, limit }) => {
      const ids = expected(filters);
      expect(ids.length).toBeGreaterThan(limit);
      expectFullPagesInOrder(await listAll(filters, limit), limit, ids);
    },
  );

  it('treats a time range as [from, to) across day buckets', async () => {
    const filters = { from: '2025-03-03T12:00:00.000Z', to: '2025-03-07T00:00:00.000Z' };
    const pages = await listAll(filters, 4);
    const ids = pages.flat().map((s) => s.session_id);
    expect(ids).toContain('s-edge-from');
    expect(ids).not.toContain('s-edge-to');
    const days = new Set(pages.flat().map((s) => s.created_at.slice(0, 10)));
    expect([...days].sort()).toEqual(['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06']);
    expectFullPagesInOrder(pages, 4, expected(filters));
  });

  it('gives no cursor once a page exhausts the range', async () => {
    const repo = repositoryAt(db, NOW);
    const all = await repo.listSessions({ status: 'failed' }, { limit: 100 });
    expect(all.items.map((s) => s.session_id)).toEqual(
      expected({ status: 'failed' }, THIRTY_DAYS_BEFORE_NOW),
    );
    expect(all.cursor).toBeNull();
    const none = await repo.listSessions({ to: '2025-02-20T00:00:00.000Z' }, { limit: 5 });
    expect(none).toEqual({ items: [], cursor: null });
    const inverted = {
      client_id: 'web',
      user_id: 'u1',
      from: '2025-03-05T00:00:00.000Z',
      to: '2025-03-04T00:00:00.000Z',
    };
    expect(await repo.listSessions(inverted)).toEqual({ items: [], cursor: null });
  });
});
