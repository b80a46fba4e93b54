import { type IndexDefinition, ORCHESTRATOR_TABLE } from '@talknshop/db';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

export interface OrchestratorTableProps {
  tableName: string;
  removalPolicy: RemovalPolicy;
}

const BILLING_MODES: Record<typeof ORCHESTRATOR_TABLE.billingMode, dynamodb.BillingMode> = {
  PAY_PER_REQUEST: dynamodb.BillingMode.PAY_PER_REQUEST,
};

const PROJECTIONS: Record<IndexDefinition['projection'], dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
};

/**
 * The orchestrator's single table, built from the data layer's own definition (keys, indexes, TTL
 * attribute, billing), so the deployed table and the one `ensureTable` creates locally cannot drift.
 */
export class OrchestratorTable extends Construct {
  readonly table: dynamodb.Table;
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string, props: OrchestratorTableProps) {
    super(scope, id);
    const definition = ORCHESTRATOR_TABLE;
    const retained = props.removalPolicy === RemovalPolicy.RETAIN;
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: stringKey(definition.partitionKey),
      sortKey: stringKey(definition.sortKey),
      billingMode: BILLING_MODES[definition.billingMode],
      timeToLiveAttribute: definition.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // A retained table is one whose data matters: it cannot be deleted by hand either.
      deletionProtection: retained,
      removalPolicy: props.removalPolicy,
    });
    for (const index of definition.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: stringKey(index.partitionKey),
        ...(index.sortKey ? { sortKey: stringKey(index.sortKey) } : {}),
        projectionType: PROJECTIONS[index.projection],
      });
    }
    this.indexNames = definition.globalSecondaryIndexes.map((index) => index.name);
  }
}

/** Every key attribute of the table and its indexes is a string. */
function stringKey(name: string): dynamodb.Attribute {
  return { name, type: dynamodb.AttributeType.STRING };
}
