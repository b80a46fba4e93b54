import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, itemSizeBytes } from '@talknshop/db';
import { textSearchInput } from '../src/load/bodies';
import { postJson } from '../src/load/orchestrator-api';
import { startStack, TABLE_NAME } from '../src/stack/stack';
// @ts-ignore
import { marshall } from '/work/main/node_modules/.pnpm/@aws-sdk+util-dynamodb@3.996.9_@aws-sdk+client-dynamodb@3.1169.0/node_modules/@aws-sdk/util-dynamodb/dist-cjs/index.js';

const stack = await startStack({ workDir: mkdtempSync(join(tmpdir(), 'b-')) });
const { doc } = createDocumentClient({ endpoint: stack.dynamoEndpoint, region: 'us-east-1' });
const a = await postJson<any>(stack.orchestrator.url, '/api/v1/search', textSearchInput('sz'));
const q = await doc.send(new QueryCommand({ TableName: TABLE_NAME, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': a.session_id } }));
for (const item of q.Items ?? []) {
  const ws = item.workflow_state;
  console.log(item.sk, 'itemSize', itemSizeBytes(item), 'json', JSON.stringify(item).length, 'ddbjson', JSON.stringify(marshall(item, { removeUndefinedValues: true })).length,
    ws ? `ws json ${JSON.stringify(ws).length} ws ddbjson ${JSON.stringify(marshall(ws)).length} ws gzip ${gzipSync(JSON.stringify(ws)).length}` : '');
  if (ws) {
    const t = performance.now(); for (let i = 0; i < 200; i++) marshall(item, { removeUndefinedValues: true }); console.log('marshall ms', ((performance.now() - t) / 200).toFixed(3));
    const t2 = performance.now(); for (let i = 0; i < 200; i++) gzipSync(JSON.stringify(ws)); console.log('gzip ms', ((performance.now() - t2) / 200).toFixed(3));
    const { RequestItemSchema } = await import('@talknshop/db');
    const t3 = performance.now(); for (let i = 0; i < 200; i++) RequestItemSchema.parse(item); console.log('zod RequestItemSchema.parse ms', ((performance.now() - t3) / 200).toFixed(3));
    console.log('activities', (ws.activities as any[]).map((x) => `${x.name}:${JSON.stringify(x).length}`).join(' '), 'calls', JSON.stringify(ws.calls).length, 'history', JSON.stringify(ws.history).length);
  }
}
await stack.close();
