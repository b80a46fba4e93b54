import { readdirSync } from 'node:fs';
import { INDEX } from '@talknshop/db';
import { describe, expect, it } from 'vitest';
import { ORCHESTRATOR_TABLE_ACCESS } from '../src/table-access';
import { readRepoFile, repoPath } from './repository';
import { logicalId, synthesize } from './synth';

const { stack, template } = synthesize('production');
const tableId = logicalId(stack, stack.table.table);
const tableArn = { 'Fn::GetAtt': [tableId, 'Arn'] };
const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
}
interface Policy {
  roles: unknown;
  statements: Statement[];
}

/** Every statement of every inline policy, standalone or on a role. */
function allPolicies(): Policy[] {
  const standalone = Object.values(template.findResources('AWS::IAM::Policy')).map((resource) => ({
    roles: resource.Properties.Roles,
    statements: resource.Properties.PolicyDocument.Statement as Statement[],
  }));
  const onRoles = Object.entries(template.findResources('AWS::IAM::Role')).flatMap(([id, role]) =>
    ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).map((policy) => ({
      roles: [{ Ref: id }],
      statements: policy.PolicyDocument.Statement,
    })),
  );
  return [...standalone, ...onRoles];
}
const actionsOf = (statement: Statement) => [statement.Action].flat();
const isDynamo = (statement: Statement) =>
  actionsOf(statement).some((action) => action.startsWith('dynamodb:'));

describe('DynamoDB access', () => {
  const dynamoPolicies = allPolicies().filter((policy) => policy.statements.some(isDynamo));
  const statements = dynamoPolicies.flatMap((policy) => policy.statements.filter(isDynamo));

  it("is granted to the orchestrator's task role only", () => {
    const taskRoleId = logicalId(stack, stack.orchestrator.taskRole);
    expect(dynamoPolicies.map((policy) => policy.roles)).toEqual([[{ Ref: taskRoleId }]]);
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(JSON.stringify(role.Properties.ManagedPolicyArns ?? [])).not.toMatch(/DynamoDB/i);
    }
  });

  it('allows the listed actions on the table ARN, and Query on each index ARN, nothing else', () => {
    expect(statements).toHaveLength(2);
    const [onTable, onIndexes] = statements;
    expect(onTable?.Resource).toEqual(tableArn);
    expect(actionsOf(onTable!).sort()).toEqual(
      [
        'dynamodb:DescribeTable',
        'dynamodb:DescribeTimeToLive',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect(onIndexes?.Resource).toEqual(Object.values(INDEX).map(indexArn));
    expect(actionsOf(onIndexes!)).toEqual(['dynamodb:Query']);
  });

  it('never uses a wildcard resource or action, and never grants deletes, scans, batches or table changes', () => {
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(JSON.stringify(statement.Resource)).not.toContain('*');
      for (const action of actionsOf(statement)) {
        expect(action).not.toContain('*');
        expect([
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:Scan',
          'dynamodb:CreateTable',
          'dynamodb:DeleteTable',
          'dynamodb:UpdateTable',
          'dynamodb:UpdateTimeToLive',
        ]).not.toContain(action);
      }
    }
  });
});

/**
 * The grant list is checked against the code that runs in the orchestrator's container: every DynamoDB
 * command its sources send must be granted, and every grant must be used. Test helpers, the DynamoDB
 * Local launcher and the benchmark do not run in the container.
 */
describe('the granted actions match the DynamoDB commands the orchestrator sends', () => {
  const RUNTIME_SOURCES = [
    'apps/orchestrator/src',
    'packages/api/src',
    'packages/clients/src',
    'packages/db/src',
  ];
  const NOT_IN_CONTAINER = new Set(['packages/db/src/testing.ts', 'packages/db/src/dynamodb-local.ts']);
  /** Sent only when the table is missing or has TTL off; the stack creates both and disables creation. */
  const CREATION_ONLY = new Set(['CreateTable', 'UpdateTimeToLive']);

  const sentActions = () => {
    const actions = new Set<string>();
    for (const folder of RUNTIME_SOURCES) {
      const files = readdirSync(repoPath(folder), { recursive: true, encoding: 'utf8' });
      for (const file of files.filter((name) => /\.tsx?$/.test(name))) {
        const path = `${folder}/${file}`;
        if (NOT_IN_CONTAINER.has(path)) continue;
        // The data layer sends the low-level commands, named after their actions (see db's documents.ts).
        for (const match of readRepoFile(path).matchAll(/new\s+(\w+)Command\s*\(/g)) actions.add(match[1]!);
      }
    }
    return actions;
  };

  it('grants exactly what is sent, apart from table creation', () => {
    const sent = sentActions();
    expect(sent.has('GetItem')).toBe(true);
    const needed = [...sent].filter((action) => !CREATION_ONLY.has(action)).sort();
    expect(ORCHESTRATOR_TABLE_ACCESS.map((access) => access.action).sort()).toEqual(needed);
  });

  it('the creation-only commands are indeed never needed: creation is off and TTL is on', () => {
    const taskDefinitions = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
    const environment = taskDefinitions
      .flatMap((definition) => definition.Properties.ContainerDefinitions as { Environment?: unknown[] }[])
      .flatMap((container) => container.Environment ?? []);
    expect(environment).toContainEqual({ Name: 'DYNAMODB_CREATE_TABLE', Value: 'false' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    });
  });
});
