import { afterAll, beforeAll, expect, it } from 'vitest';
import { ConflictError } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { newRequest, newSession, repositoryAt } from './support';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

const UPDATERS = 32;
// Each failure of an updater means another updater succeeded in between, so 32 attempts always suffice.
const MAX_ATTEMPTS = UPDATERS;

it('loses no update when 32 writers race on one item', async () => {
  const repo = repositoryAt(db, '2025-09-01T00:00:00.000Z');
  const session = await repo.createSession(newSession());
  const request = await repo.appendRequest(newRequest(session.session_id, { workflow_state: { log: [] } }));

  let conflicts = 0;
  const updater = async (id: string): Promise<string | null> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const current = (await repo.getRequest(request))!;
      const log = current.workflow_state.log as string[];
      try {
        await repo.updateRequest(request, current.version, { workflow_state: { log: [...log, id] } });
        return id;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        conflicts += 1;
      }
    }
    return null;
  };
  const results = await Promise.all(Array.from({ length: UPDATERS }, (_, i) => updater(`w${i}`)));
  const succeeded = results.filter((id): id is string => id !== null);

  const final = (await repo.getRequest(request))!;
  expect(final.version - 1).toBe(succeeded.length);
  expect([...(final.workflow_state.log as string[])].sort()).toEqual([...succeeded].sort());
  expect(succeeded).toHaveLength(UPDATERS);
  expect(conflicts).toBeGreaterThan(0);
});
