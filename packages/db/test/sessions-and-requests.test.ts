import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RequestItemSchema, SessionItemSchema } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { allPages, manualClock, newRequest, newSession, repository, repositoryAt } from './support';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

describe('sessions', () => {
  it('creates a session once; a second create with the same id conflicts', async () => {
    const repo = repositoryAt(db, '2025-03-01T10:00:00.000Z');
    const input = newSession({ requirements: { product_type: 'shoes' } });
    const created = await repo.createSession(input);
    expect(created).toMatchObject({
      pk: input.session_id,
      sk: 'SESSION',
      entity: 'session',
      version: 1,
      status: 'pending',
      state: 'INITIAL',
      request_count: 0,
      last_request_id: null,
      requirements: { product_type: 'shoes' },
      created_at: '2025-03-01T10:00:00.000Z',
    });
    await expect(repo.createSession({ ...input, user_id: 'someone-else' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    expect(await repo.getSession(input.session_id)).toEqual(created);
  });

  it('returns null for a missing session', async () => {
    expect(await repositoryAt(db, '2025-03-01T10:00:00.000Z').getSession('s-missing')).toBeNull();
  });

  it('updates with the expected version and refuses a stale one', async () => {
    const clock = manualClock('2025-03-01T10:00:00.000Z');
    const repo = repository(db, clock.now);
    const session = await repo.createSession(newSession());
    clock.set('2025-03-01T10:05:00.000Z');
    const updated = await repo.updateSession(session.session_id, 1, {
      status: 'processing',
      state: 'SEARCHING',
      last_request_id: 'r-1',
      request_count: 1,
      pending_clarification: { question: 'Which size?' },
    });
    expect(updated).toMatchObject({
      version: 2,
      status: 'processing',
      state: 'SEARCHING',
      request_count: 1,
      updated_at: '2025-03-01T10:05:00.000Z',
      created_at: '2025-03-01T10:00:00.000Z',
      pending_clarification: { question: 'Which size?' },
    });
    await expect(repo.updateSession(session.session_id, 1, { status: 'failed' })).rejects.toBeInstanceOf(
      ConflictError,
    );
    const cleared = await repo.updateSession(session.session_id, 2, { pending_clarification: null });
    expect(cleared.pending_clarification).toBeNull();
    expect(await repo.getSession(session.session_id)).toEqual(cleared);
  });

  it('reports a missing session on update as NotFoundError', async () => {
    const repo = repositoryAt(db, '2025-03-01T10:00:00.000Z');
    await expect(repo.updateSession('s-nowhere', 1, { status: 'failed' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

describe('requests', () => {
  it('appends a pending request with its key fields and reads it back by ref and by id', async () => {
    const repo = repositoryAt(db, '2025-03-02T08:00:00.000Z');
    const session = await repo.createSession(newSession());
    const input = newRequest(session.session_id, { request_type: 'chat', replay_of: 'r-original' });
    const request = await repo.appendRequest(input);
    expect(request).toMatchObject({
      pk: session.session_id,
      sk: `REQ#2025-03-02T08:00:00.000Z#${input.request_id}`,
      entity: 'request',
      status: 'pending',
      state: 'INITIAL',
      version: 1,
      workflow_state: {},
      replay_of: 'r-original',
    });
    expect(RequestItemSchema.parse(request)).toEqual(request);
    expect(await repo.getRequest(request)).toEqual(request);
    expect(await repo.findRequest(input.request_id)).toEqual(request);
    expect(await repo.findRequest('r-unknown')).toBeNull();
    await expect(repo.appendRequest(input)).rejects.toBeInstanceOf(ConflictError);
  });

  it('keeps a session request list in time order, paged either way', async () => {
    const session = await repositoryAt(db, '2025-03-03T00:00:00.000Z').createSession(newSession());
    const ids: string[] = [];
    for (let minute = 10; minute < 17; minute += 1) {
      const repo = repositoryAt(db, `2025-03-03T00:${minute}:00.000Z`);
      ids.push((await repo.appendRequest(newRequest(session.session_id))).request_id);
    }
    const repo = repositoryAt(db, '2025-03-03T01:00:00.000Z');
    const ascending = await allPages((cursor) =>
      repo.listSessionRequests(session.session_id, { limit: 3, cursor }),
    );
    expect(ascending.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(ascending.flat().map((r) => r.request_id)).toEqual(ids);
    const descending = await allPages((cursor) =>
      repo.listSessionRequests(session.session_id, { limit: 2, cursor, order: 'desc' }),
    );
    expect(descending.flat().map((r) => r.request_id)).toEqual([...ids].reverse());
  });

  it("lists a user's requests newest first", async () => {
    const user = { client_id: 'ios', user_id: `u-${Date.now()}` };
    const session = await repositoryAt(db, '2025-03-04T00:00:00.000Z').createSession(newSession(user));
    const ids: string[] = [];
    for (const hour of ['01', '02', '03', '04']) {
      const repo = repositoryAt(db, `2025-03-04T${hour}:00:00.000Z`);
      ids.push((await repo.appendRequest(newRequest(session.session_id, user))).request_id);
    }
    const repo = repositoryAt(db, '2025-03-04T12:00:00.000Z');
    const pages = await allPages((cursor) => repo.listUserRequests(user, { limit: 3, cursor }));
    expect(pages.flat().map((r) => r.request_id)).toEqual([...ids].reverse());
  });

  it('updates a request under optimistic locking, setting and clearing its lease', async () => {
    const clock = manualClock('2025-03-05T09:00:00.000Z');
    const repo = repository(db, clock.now);
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    clock.set('2025-03-05T09:00:01.000Z');
    const leased = await repo.updateRequest(request, 1, {
      status: 'processing',
      state: 'SEARCHING',
      workflow_state: { state: 'SEARCHING', attempts: 1 },
      lease_owner: 'worker-a',
      lease_expires_at: 1_741_165_231_000,
    });
    expect(leased).toMatchObject({
      version: 2,
      status: 'processing',
      lease_owner: 'worker-a',
      updated_at: '2025-03-05T09:00:01.000Z',
    });
    const released = await repo.updateRequest(request, 2, { lease_owner: null, lease_expires_at: null });
    expect(released.version).toBe(3);
    expect(released).not.toHaveProperty('lease_owner');
    expect(released).not.toHaveProperty('lease_expires_at');
    const raw = await db.doc.get({ TableName: db.tableName, Key: { pk: request.pk, sk: request.sk } });
    expect(raw.Item).not.toHaveProperty('lease_owner');
    await expect(repo.updateRequest(request, 2, { status: 'failed' })).rejects.toBeInstanceOf(ConflictError);
    await expect(
      repo.updateRequest({ ...request, request_id: 'r-missing' }, 1, { status: 'failed' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('expiry', () => {
  // Dates in the future: the engine must not delete these items before the clock says they expired.
  it('hides TTL-expired items from every read and lets their ids be reused', async () => {
    const clock = manualClock('2100-04-01T00:00:00.000Z');
    const repo = repository(db, clock.now, 1);
    const user = { client_id: 'web', user_id: `u-expiring-${Date.now()}` };
    const session = await repo.createSession(newSession(user));
    const request = await repo.appendRequest(newRequest(session.session_id, user));

    clock.set('2100-04-01T23:59:59.000Z');
    expect(await repo.getSession(session.session_id)).not.toBeNull();
    expect((await repo.listSessions(user)).items).toHaveLength(1);

    clock.set('2100-04-02T00:00:01.000Z');
    expect(await repo.getSession(session.session_id)).toBeNull();
    expect(await repo.getRequest(request)).toBeNull();
    expect(await repo.findRequest(request.request_id)).toBeNull();
    expect((await repo.listSessions(user)).items).toEqual([]);
    expect((await repo.listSessions({ from: '2100-03-31T00:00:00.000Z' })).items).toEqual([]);
    expect((await repo.listSessionRequests(session.session_id)).items).toEqual([]);
    expect((await repo.listUserRequests(user)).items).toEqual([]);
    await expect(repo.updateSession(session.session_id, 1, { status: 'failed' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(repo.updateRequest(request, 1, { status: 'failed' })).rejects.toBeInstanceOf(NotFoundError);

    const reborn = await repo.createSession({ ...newSession(user), session_id: session.session_id });
    expect(SessionItemSchema.parse(reborn).created_at).toBe('2100-04-02T00:00:01.000Z');
    expect(await repo.getSession(session.session_id)).toEqual(reborn);
  });

  it('extends expiry on every write', async () => {
    const clock = manualClock('2100-05-01T00:00:00.000Z');
    const repo = repository(db, clock.now, 1);
    const session = await repo.createSession(newSession());
    clock.set('2100-05-01T20:00:00.000Z');
    await repo.updateSession(session.session_id, 1, { status: 'processing' });
    clock.set('2100-05-02T10:00:00.000Z');
    expect(await repo.getSession(session.session_id)).toMatchObject({ version: 2 });
  });
});
