import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestDynamo, type TestDynamo } from '../src/testing';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

describe('Documents', () => {
  it('stores plain values and reads them back as they were, undefined attributes left out', async () => {
    const item = {
      pk: 'doc-1',
      sk: 'SESSION',
      count: 3,
      price: 19.99,
      tags: ['a', 'b'],
      nested: { ok: true, none: null, list: [{ deep: 'x' }] },
      packed: new Uint8Array([0, 1, 255]),
      gone: undefined,
    };
    await db.doc.put({ TableName: db.tableName, Item: item });
    const { gone: _gone, ...stored } = item;
    const read = await db.doc.get({ TableName: db.tableName, Key: { pk: 'doc-1', sk: 'SESSION' } });
    expect(read.Item).toEqual(stored);
  });

  it('answers a missing item with no Item', async () => {
    const read = await db.doc.get({ TableName: db.tableName, Key: { pk: 'nobody', sk: 'SESSION' } });
    expect(read).toEqual({});
  });

  it('updates with plain expression values and returns the new item as plain values', async () => {
    await db.doc.put({ TableName: db.tableName, Item: { pk: 'doc-2', sk: 'SESSION', version: 1 } });
    const out = await db.doc.update({
      TableName: db.tableName,
      Key: { pk: 'doc-2', sk: 'SESSION' },
      UpdateExpression: 'SET version = :next, labels = :labels',
      ConditionExpression: 'version = :current',
      ExpressionAttributeValues: { ':next': 2, ':current': 1, ':labels': { colour: 'red' } },
      ReturnValues: 'ALL_NEW',
    });
    expect(out.Attributes).toEqual({ pk: 'doc-2', sk: 'SESSION', version: 2, labels: { colour: 'red' } });
  });

  it('reports a failed condition under the name the data layer checks for', async () => {
    const write = db.doc.put({
      TableName: db.tableName,
      Item: { pk: 'doc-2', sk: 'SESSION' },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    await expect(write).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
  });

  it('pages a query with plain start keys', async () => {
    for (const n of [1, 2, 3]) {
      await db.doc.put({ TableName: db.tableName, Item: { pk: 'doc-3', sk: `REQ#${n}`, n } });
    }
    const query = {
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'doc-3' },
      Limit: 2,
    };
    const first = await db.doc.query(query);
    expect(first.Items.map((item) => item.n)).toEqual([1, 2]);
    expect(first.LastEvaluatedKey).toEqual({ pk: 'doc-3', sk: 'REQ#2' });
    const second = await db.doc.query({ ...query, ExclusiveStartKey: first.LastEvaluatedKey });
    expect(second.Items.map((item) => item.n)).toEqual([3]);
    expect(second.LastEvaluatedKey).toBeUndefined();
  });

  it('resolves a command’s middleware stack once, however many calls follow', async () => {
    const resolve = vi.spyOn(GetItemCommand.prototype, 'resolveMiddleware');
    try {
      for (let i = 0; i < 5; i += 1) {
        await db.doc.get({ TableName: db.tableName, Key: { pk: 'doc-1', sk: 'SESSION' } });
      }
      expect(resolve.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      resolve.mockRestore();
    }
  });
});
