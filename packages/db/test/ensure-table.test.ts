import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable, ORCHESTRATOR_TABLE } from '../src/index';
import { startTestDynamo, type TestDynamo } from '../src/testing';

let db: TestDynamo;
beforeAll(async () => {
  db = await startTestDynamo();
});
afterAll(async () => {
  await db?.close();
});

describe('ensureTable', () => {
  it('refuses a missing table when creating is not allowed', async () => {
    await expect(ensureTable(db.client, `missing-${randomUUID()}`, { create: false })).rejects.toMatchObject({
      code: 'TABLE_NOT_FOUND',
      message: expect.stringContaining('does not exist'),
    });
  });

  it('creates the table with its indexes once, then finds it', async () => {
    const tableName = `ensure-${randomUUID()}`;
    const first = await ensureTable(db.client, tableName, { create: true });
    expect(first.created).toBe(true);
    const { Table } = await db.client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode ?? 'PAY_PER_REQUEST').toBe('PAY_PER_REQUEST');
    const projections = Object.fromEntries(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => [
        index.IndexName,
        index.Projection?.ProjectionType,
      ]),
    );
    expect(projections).toEqual({
      by_user: 'ALL',
      by_day: 'ALL',
      open_requests: 'ALL',
      by_request_id: 'KEYS_ONLY',
    });

    if (db.engine === 'dynalite') {
      // dynalite has no UpdateTimeToLive: a warning, not a failure.
      expect(first.warnings).toEqual([expect.stringContaining('could not enable TTL')]);
    } else {
      expect(first.warnings).toEqual([]);
      const ttl = await db.client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe(ORCHESTRATOR_TABLE.ttlAttribute);
    }

    const second = await ensureTable(db.client, tableName, { create: false });
    expect(second.created).toBe(false);
  });

  it('refuses an existing table with another layout', async () => {
    const tableName = `other-${randomUUID()}`;
    await db.client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );
    await expect(ensureTable(db.client, tableName, { create: true })).rejects.toMatchObject({
      code: 'TABLE_MISMATCH',
      message: expect.stringContaining('by_request_id'),
    });
  });
});
