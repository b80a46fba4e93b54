import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, DbError, type JsonObject } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { newRequest, newSession, repositoryAt } from './support';

let db: TestDynamo;
const commands: string[] = [];

beforeAll(async () => {
  db = await startTestDynamo();
  db.client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCommands' },
  );
});
afterAll(async () => {
  await db?.close();
});

describe('updates from the caller’s latest copy', () => {
  it('write without reading first, and keep the sparse index right', async () => {
    const repo = repositoryAt(db, '2100-01-01T00:00:00Z');
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    commands.length = 0;
    const processing = await repo.updateRequest(
      request,
      request.version,
      { status: 'processing', state: 'SEARCHING' },
      request,
    );
    const done = await repo.updateRequest(
      request,
      processing.version,
      { status: 'completed', state: 'COMPLETED' },
      processing,
    );
    await repo.updateSession(session.session_id, session.version, { status: 'completed' }, session);
    expect(commands).toEqual(['UpdateItemCommand', 'UpdateItemCommand', 'UpdateItemCommand']);
    expect(done.version).toBe(3);
    const open = await repo.listUnfinishedRequests({ limit: 100 });
    expect(open.items.map((r) => r.request_id)).not.toContain(request.request_id);
  });

  it('still refuse a stale copy with ConflictError', async () => {
    const repo = repositoryAt(db, '2100-01-01T00:00:00Z');
    const session = await repo.createSession(newSession());
    await repo.updateSession(session.session_id, session.version, { status: 'processing' }, session);
    await expect(
      repo.updateSession(session.session_id, session.version, { status: 'failed' }, session),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('write what the caller holds even when it mutated the object it passed before', async () => {
    const repo = repositoryAt(db, '2100-01-01T00:00:00Z');
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    const record: { steps: string[] } = { steps: ['INITIAL'] };
    const first = await repo.updateRequest(request, request.version, { workflow_state: record }, request);
    record.steps.push('SEARCHING');
    await repo.updateRequest(request, first.version, { workflow_state: record }, first);
    const stored = await repo.getRequest(request);
    expect(stored?.workflow_state).toEqual({ steps: ['INITIAL', 'SEARCHING'] });
  });

  it('check what they change, and write nothing invalid', async () => {
    const repo = repositoryAt(db, '2100-01-01T00:00:00Z');
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    const invalid: [string, Promise<unknown>][] = [
      ['status', repo.updateRequest(request, request.version, { status: 'lost' as 'failed' }, request)],
      [
        'workflow_state',
        repo.updateRequest(
          request,
          request.version,
          { workflow_state: [] as unknown as JsonObject },
          request,
        ),
      ],
      [
        'request_count',
        repo.updateSession(session.session_id, session.version, { request_count: -1 }, session),
      ],
    ];
    for (const [field, update] of invalid) {
      await expect(update, field).rejects.toSatisfy(
        (error) => error instanceof DbError && error.code === 'INVALID_ITEM' && error.message.includes(field),
      );
    }
    expect(await repo.getRequest(request)).toEqual(request);
    expect(await repo.getSession(session.session_id)).toEqual(session);
  });
});
