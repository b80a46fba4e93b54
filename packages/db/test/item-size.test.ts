import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ItemTooLargeError, itemSizeBytes, MAX_ITEM_BYTES } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';
import { newRequest, newSession, repositoryAt } from './support';

const NOW = '2025-07-01T00:00:00.000Z';
let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

describe('itemSizeBytes', () => {
  it('counts names and values by DynamoDB rules', () => {
    expect(itemSizeBytes({ ab: 'cde' })).toBe(5);
    expect(itemSizeBytes({ s: 'é€😀' })).toBe(1 + 2 + 3 + 4);
    expect(itemSizeBytes({ b: true, n: null, gone: undefined })).toBe(4);
    expect(itemSizeBytes({ m: {} })).toBe(1 + 3);
    expect(itemSizeBytes({ m: { k: 'vv' } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(itemSizeBytes({ l: ['x', 'yy'] })).toBe(1 + 3 + (1 + 1) + (1 + 2));
    expect(itemSizeBytes({ n: 12345 })).toBeGreaterThanOrEqual(1 + 4);
    expect(itemSizeBytes({ n: -1.5e-300 })).toBeLessThanOrEqual(1 + 21);
  });
});

describe('item size limit', () => {
  const bigText = 'x'.repeat(MAX_ITEM_BYTES);

  it('refuses an oversize request up front and writes nothing', async () => {
    const repo = repositoryAt(db, NOW);
    const session = await repo.createSession(newSession());
    const input = newRequest(session.session_id, { input_data: { transcript: bigText } });
    const error = await repo.appendRequest(input).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ItemTooLargeError);
    expect(error).toMatchObject({
      code: 'ITEM_TOO_LARGE',
      item: `request ${session.session_id}/${input.request_id}`,
      limitBytes: MAX_ITEM_BYTES,
      sizeBytes: expect.any(Number),
      message: expect.stringContaining(input.request_id),
    });
    expect((error as ItemTooLargeError).sizeBytes).toBeGreaterThan(MAX_ITEM_BYTES);
    expect(await repo.getRequest({ ...input, created_at: NOW })).toBeNull();
    expect(await repo.findRequest(input.request_id)).toBeNull();
  });

  it('refuses an oversize session', async () => {
    const repo = repositoryAt(db, NOW);
    const input = newSession({ requirements: { notes: bigText } });
    await expect(repo.createSession(input)).rejects.toBeInstanceOf(ItemTooLargeError);
    expect(await repo.getSession(input.session_id)).toBeNull();
  });

  it('refuses an update that would grow the item too large and leaves it unchanged', async () => {
    const repo = repositoryAt(db, NOW);
    const session = await repo.createSession(newSession());
    const request = await repo.appendRequest(newRequest(session.session_id));
    await expect(
      repo.updateRequest(request, 1, { workflow_state: { products: Array(2100).fill('y'.repeat(200)) } }),
    ).rejects.toBeInstanceOf(ItemTooLargeError);
    expect(await repo.getRequest(request)).toEqual(request);
  });

  it('never refuses what the engine would store: an item of exactly the limit is accepted', async () => {
    const base = { pk: 'size-probe', sk: 'exact', nested: { list: [1, 'two', null, true], text: '' } };
    const text = 'z'.repeat(MAX_ITEM_BYTES - itemSizeBytes(base));
    const item = { ...base, nested: { ...base.nested, text } };
    expect(itemSizeBytes(item)).toBe(MAX_ITEM_BYTES);
    await db.doc.put({ TableName: db.tableName, Item: item });
    const stored = await db.doc.get({ TableName: db.tableName, Key: { pk: 'size-probe', sk: 'exact' } });
    expect(stored.Item).toEqual(item);
  });

  it('agrees with the engine on strings: one byte over is refused by both', async () => {
    const base = { pk: 'size-probe', sk: 'over', data: '' };
    const item = { ...base, data: 'z'.repeat(MAX_ITEM_BYTES + 1 - itemSizeBytes(base)) };
    expect(itemSizeBytes(item)).toBe(MAX_ITEM_BYTES + 1);
    await expect(db.doc.put({ TableName: db.tableName, Item: item })).rejects.toThrow(/size/i);
  });
});
