import { randomUUID } from 'node:crypto';
import {
  type AppendRequestInput,
  type CreateSessionInput,
  OrchestratorRepository,
  type Page,
} from '../src/index';
import type { TestDynamo } from '../src/testing';

export const CURSOR_SECRET = 'test-cursor-secret-with-enough-bytes';

/** A clock the test moves by hand. */
export function manualClock(startIso: string) {
  let now = Date.parse(startIso);
  return {
    now: () => new Date(now),
    set: (iso: string) => {
      now = Date.parse(iso);
    },
    advanceDays: (days: number) => {
      now += days * 86_400_000;
    },
  };
}

/**
 * Tests write at fixed dates, some long past. DynamoDB Local really deletes expired items, so the default
 * time to live is a century: only tests about expiry choose a short one (and dates still in the future).
 */
const LONG_TTL_DAYS = 36_500;

export function repository(
  db: TestDynamo,
  clock: () => Date,
  ttlDays = LONG_TTL_DAYS,
): OrchestratorRepository {
  return new OrchestratorRepository({
    doc: db.doc,
    tableName: db.tableName,
    clock,
    cursorSecret: CURSOR_SECRET,
    ttlDays,
  });
}

/** A repository frozen at one instant, to write items with chosen timestamps. */
export function repositoryAt(db: TestDynamo, iso: string, ttlDays = LONG_TTL_DAYS): OrchestratorRepository {
  return repository(db, () => new Date(iso), ttlDays);
}

export function newSession(overrides: Partial<CreateSessionInput> = {}): CreateSessionInput {
  return {
    session_id: `s-${randomUUID()}`,
    user_id: 'u-1',
    client_id: 'web',
    request_type: 'search',
    ...overrides,
  };
}

export function newRequest(
  sessionId: string,
  overrides: Partial<AppendRequestInput> = {},
): AppendRequestInput {
  return {
    session_id: sessionId,
    request_id: `r-${randomUUID()}`,
    user_id: 'u-1',
    client_id: 'web',
    request_type: 'search',
    input_data: { text: 'red running shoes' },
    ...overrides,
  };
}

/** Follows cursors to the end; fails instead of looping forever if cursors never run out. */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  maxPages = 200,
): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    pages.push(page.items);
    cursor = page.cursor ?? undefined;
    if (pages.length > maxPages) throw new Error('pagination did not terminate');
  } while (cursor !== undefined);
  return pages;
}
