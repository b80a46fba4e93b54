import { createTableInput, INDEX, ORCHESTRATOR_TABLE } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { synthesize } from './synth';

const production = synthesize('production');
const development = synthesize('development');

interface TableResource {
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

function onlyTable(template: typeof production.template): TableResource {
  const tables = Object.values(template.findResources('AWS::DynamoDB::Table')) as TableResource[];
  expect(tables).toHaveLength(1);
  return tables[0]!;
}

const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: readonly T[]) =>
  [...items].sort((a, b) =>
    String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
  );

describe('the DynamoDB table', () => {
  const table = onlyTable(production.template);
  const expected = createTableInput('orchestrator-requests-production');

  it('has the keys and attribute types of the CreateTable request the data layer sends locally', () => {
    expect(table.Properties.TableName).toBe(expected.TableName);
    expect(table.Properties.KeySchema).toEqual(expected.KeySchema);
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(byName(table.Properties.AttributeDefinitions as { AttributeName: string }[])).toEqual(
      byName(expected.AttributeDefinitions ?? []),
    );
  });

  it('has every global secondary index with its keys and projection', () => {
    const indexes = table.Properties.GlobalSecondaryIndexes as { IndexName: string }[];
    expect(byName(indexes)).toEqual(byName(expected.GlobalSecondaryIndexes ?? []));
    expect(indexes.map((index) => index.IndexName).sort()).toEqual(Object.values(INDEX).sort());
    expect(indexes.find((index) => index.IndexName === INDEX.byRequestId)).toEqual({
      IndexName: 'by_request_id',
      KeySchema: [{ AttributeName: 'gsi_req_pk', KeyType: 'HASH' }],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
  });

  it('expires items on the TTL attribute, bills per request and keeps point-in-time recovery', () => {
    expect(table.Properties.TimeToLiveSpecification).toEqual({
      AttributeName: ORCHESTRATOR_TABLE.ttlAttribute,
      Enabled: true,
    });
    expect(ORCHESTRATOR_TABLE.ttlAttribute).toBe('expires_at');
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.ProvisionedThroughput).toBeUndefined();
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    const developmentTable = onlyTable(development.template);
    expect(developmentTable.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
  });

  it('is retained, and protected from deletion, in production', () => {
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
  });

  it('is deleted with the stack in development', () => {
    const developmentTable = onlyTable(development.template);
    expect(developmentTable.DeletionPolicy).toBe('Delete');
    expect(developmentTable.Properties.DeletionProtectionEnabled).toBe(false);
    expect(developmentTable.Properties.TableName).toBe('orchestrator-requests-development');
  });
});
