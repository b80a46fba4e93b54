import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, DbError, type JsonObject } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { newRequest, newSession, repositoryAt } from './support';

let db: TestDynamo;
const commands: string[] = [];
/** The attribute names each UpdateItem set or removed. */
const updated: string[][] = [];

beforeAll(async () => {
  db = await startTestDynamo();
  db.client.middlewareStack.add(
    (next, context) => (args) => {
      commands.push(String(context.commandName));
      const input = args.input as { ExpressionAttributeNames?: Record<string, string> };
      if (context.commandName === 'UpdateItemCommand') {
        updated.push([...new Set(Object.values(input.ExpressionAttributeNames ?? {}))].sort());
      }
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

  it('write only what changed: every object, and the plain values that differ', async () => {
    const repo = repositoryAt(db, '2100-01-01T00:00:00Z');
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    updated.length = 0;
    const done = await repo.updateRequest(
      request,
      request.version,
      { status: 'completed', state: 'COMPLETED', workflow_state: { steps: ['COMPLETED'] } },
      request,
    );
    await repo.updateSession(session.session_id, session.version, { request_count: 1 }, session);
    // The clock stands still, so updated_at and expires_at are unchanged (the condition names expires_at and
    // version); the request's ids, type and creation time are never rewritten, its objects always are, and
    // completing it takes it out of the open-requests index.
    expect(updated[0]).toEqual([
      'expires_at',
      'gsi_open_pk',
      'gsi_open_sk',
      'input_data',
      'state',
      'status',
      'version',
      'workflow_state',
    ]);
    // A null is a plain value too: the session's empty requirements and question stay as they are.
    expect(updated[1]).toEqual(['expires_at', 'last_prices', 'request_count', 'version']);
    const stored = await repo.getRequest(request);
    expect(stored).toEqual(done);
    expect(stored).toMatchObject({ user_id: request.user_id, request_type: request.request_type });
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
