import type { TestStack } from './stack';

/**
 * Breaks a stored session the way a faulty migration or a hand edit in the console would: its `status`
 * becomes a value the item schema refuses, so reading the session fails inside the server (a 500).
 */
export async function corruptSession(stack: TestStack, sessionId: string): Promise<void> {
  await stack.dynamo.doc.update({
    TableName: stack.dynamo.tableName,
    Key: { pk: sessionId, sk: 'SESSION' },
    UpdateExpression: 'SET #status = :status',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':status': 'not-a-status' },
  });
}

/** What a JavaScript stack trace looks like once serialised: "at fn (file.ts:12:3)". */
export const STACK_FRAME = /\bat .*\.[cm]?[jt]s:\d+:\d+/;
