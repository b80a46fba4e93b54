import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BaselinePlan } from './plan';

/**
 * The floor the orchestrator is compared with: the same downstream calls (POST /search, /rank, /compose with
 * the same bodies) and the same number and size of DynamoDB calls per text search, in the same order, with
 * nothing but node:http, fetch and the AWS SDK: no framework, no validation, no logging, no tracing.
 */
export async function startBaseline(plan: BaselinePlan): Promise<{ url: string; close(): Promise<void> }> {
  const dynamo = createDynamo(plan);
  const padding = await calibratePadding(dynamo, plan);
  const server = createServer((req, res) => {
    void route(req, res, plan, dynamo, padding).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 502, { error: { code: 'BASELINE', message: String(error) } });
      else res.end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(plan.port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${plan.port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      dynamo.client.destroy();
    },
  };
}

interface Dynamo {
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  stats: { operations: Record<string, number>; writeBytes: number; lastWriteBytes: number };
}

/** The same client set-up as the data layer, counting calls and write bytes at the SDK as its metrics do. */
function createDynamo(plan: BaselinePlan): Dynamo {
  const client = new DynamoDBClient({
    region: 'us-east-1',
    endpoint: plan.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const stats = { operations: {} as Record<string, number>, writeBytes: 0, lastWriteBytes: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      stats.operations[operation] = (stats.operations[operation] ?? 0) + 1;
      const body = (args.request as { body?: unknown }).body;
      if (/^(Put|Update)/.test(operation)) {
        stats.lastWriteBytes =
          typeof body === 'string'
            ? Buffer.byteLength(body)
            : body instanceof Uint8Array
              ? body.byteLength
              : 0;
        stats.writeBytes += stats.lastWriteBytes;
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'benchBaselineStats' },
  );
  return { client, doc, stats };
}

interface Padding {
  put: number;
  update: number;
}

/** Pads the payload attribute so each Put and Update request is as large as the orchestrator's average. */
async function calibratePadding(dynamo: Dynamo, plan: BaselinePlan): Promise<Padding> {
  const keys = newKeys('calibration');
  await putItem(dynamo, plan, sessionItem(keys, ''));
  const sessionOverhead = dynamo.stats.lastWriteBytes;
  await putItem(dynamo, plan, requestItem(keys, ''));
  const requestOverhead = dynamo.stats.lastWriteBytes;
  await updateItem(dynamo, plan, requestKeyOf(keys), 1, '', false);
  const updateOverhead = dynamo.stats.lastWriteBytes;
  return {
    // A search puts one of each, so their mean overhead keeps the total right.
    put: Math.max(0, plan.writes.putBytes - Math.round((sessionOverhead + requestOverhead) / 2)),
    update: Math.max(0, plan.writes.updateBytes - updateOverhead),
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  plan: BaselinePlan,
  dynamo: Dynamo,
  padding: Padding,
): Promise<void> {
  if (req.method === 'GET' && req.url === '/health') return sendJson(res, 200, { status: 'ok' });
  if (req.method === 'GET' && req.url === '/__stats') return sendJson(res, 200, dynamo.stats);
  if (req.method === 'POST' && req.url === '/api/v1/search') {
    const input = JSON.parse(await readBody(req)) as { user_id?: unknown };
    if (typeof input.user_id !== 'string') return sendJson(res, 400, { error: { code: 'INVALID_INPUT' } });
    return sendJson(res, 200, await search(input.user_id, plan, dynamo, padding));
  }
  sendJson(res, 404, { error: { code: 'NOT_FOUND' } });
}

interface Keys {
  sessionId: string;
  requestId: string;
  userId: string;
  createdAt: string;
}

function newKeys(userId: string): Keys {
  return { sessionId: randomUUID(), requestId: randomUUID(), userId, createdAt: new Date().toISOString() };
}

/**
 * The orchestrator's order, from the plan's counts: reads no write follows come first; the request is
 * stored before any downstream call and checkpointed before the search; the other writes come at the end
 * (the request's outcome, which takes it out of the open index, then the session). Each update is preceded
 * by a read while the plan has reads left.
 */
async function search(userId: string, plan: BaselinePlan, dynamo: Dynamo, padding: Padding) {
  const keys = newKeys(userId);
  const sessionKey = { pk: keys.sessionId, sk: 'SESSION' };
  const requestKey = requestKeyOf(keys);
  const get = (key: { pk: string; sk: string }) =>
    dynamo.doc.send(new GetCommand({ TableName: plan.tableName, Key: key, ConsistentRead: true }));
  let puts = plan.writes.puts;
  let updates = plan.writes.updates;
  let gets = plan.gets;
  let version = 1;
  const update = async () => {
    updates -= 1;
    if (gets > 0) {
      gets -= 1;
      await get(requestKey);
    }
    await updateItem(dynamo, plan, requestKey, version, 'x'.repeat(padding.update), updates === 0);
    version += 1;
  };

  for (; gets > updates; gets -= 1) await get(sessionKey);
  if (puts > 0) {
    puts -= 1;
    await putItem(dynamo, plan, requestItem(keys, 'x'.repeat(padding.put)));
  }
  if (updates > 0) await update();
  const found = await post<{ products: unknown[] }>(plan.catalogUrl, '/search', plan.searchBody, keys);
  const ranked = await post<{ products: Array<Record<string, unknown>> }>(
    plan.composerUrl,
    '/rank',
    { requirements: plan.requirements, products: found.products },
    keys,
  );
  const results = ranked.products.slice(0, plan.limit);
  const composed = await post<{ reply: string }>(
    plan.composerUrl,
    '/compose',
    {
      requirements: plan.requirements,
      products: results,
      relaxed: [],
      max_cards: Math.min(results.length || 1, 5),
    },
    keys,
  );
  while (updates > 0) await update();
  for (let index = 0; index < puts; index += 1) {
    const payload = 'x'.repeat(padding.put);
    await putItem(
      dynamo,
      plan,
      index === 0 ? sessionItem(keys, payload) : requestItem(newKeys(userId), payload),
    );
  }
  return {
    session_id: keys.sessionId,
    request_id: keys.requestId,
    status: 'completed',
    state: 'COMPLETED',
    requirements: plan.requirements,
    clarification: null,
    results: results.map((p) => ({
      product_id: p.product_id,
      title: p.title,
      brand: p.brand,
      price: p.price,
      currency: p.currency,
      rating: p.rating,
      image_url: p.image_url,
      url: p.url,
      score: p.score,
      why_ranked: p.why_ranked,
    })),
    reply: composed.reply,
    degraded: [],
  };
}

function requestKeyOf(keys: Keys): { pk: string; sk: string } {
  return { pk: keys.sessionId, sk: `REQ#${keys.createdAt}#${keys.requestId}` };
}

/** Index attributes shaped like the repository's (four for a session), in partitions of their own. */
function sessionItem(keys: Keys, payload: string): Record<string, unknown> {
  return {
    pk: keys.sessionId,
    sk: 'SESSION',
    gsi_user_pk: `USER#baseline#${keys.userId}`,
    gsi_user_sk: `S#${keys.createdAt}#${keys.sessionId}`,
    gsi_day_pk: 'DAY#baseline#S',
    gsi_day_sk: `${keys.createdAt}#${keys.sessionId}`,
    version: 1,
    payload,
  };
}

/** Seven index attributes for an open request, as the repository writes them. */
function requestItem(keys: Keys, payload: string): Record<string, unknown> {
  return {
    ...requestKeyOf(keys),
    gsi_user_pk: `USER#baseline#${keys.userId}`,
    gsi_user_sk: `R#${keys.createdAt}#${keys.requestId}`,
    gsi_day_pk: 'DAY#baseline#R',
    gsi_day_sk: `${keys.createdAt}#${keys.requestId}`,
    gsi_req_pk: keys.requestId,
    gsi_open_pk: 'OPEN#baseline',
    gsi_open_sk: `000000000000000#${keys.requestId}`,
    version: 1,
    payload,
  };
}

async function putItem(dynamo: Dynamo, plan: BaselinePlan, item: Record<string, unknown>): Promise<void> {
  await dynamo.doc.send(
    new PutCommand({
      TableName: plan.tableName,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** A versioned update; the request's last one takes it out of the open index, as completion does. */
async function updateItem(
  dynamo: Dynamo,
  plan: BaselinePlan,
  key: { pk: string; sk: string },
  version: number,
  payload: string,
  closeRequest: boolean,
): Promise<void> {
  await dynamo.doc.send(
    new UpdateCommand({
      TableName: plan.tableName,
      Key: key,
      UpdateExpression: `SET #payload = :payload, #version = :next${closeRequest ? ' REMOVE gsi_open_pk, gsi_open_sk' : ''}`,
      ConditionExpression: 'attribute_exists(pk) AND #version = :expected',
      ExpressionAttributeNames: { '#payload': 'payload', '#version': 'version' },
      ExpressionAttributeValues: { ':payload': payload, ':next': version + 1, ':expected': version },
    }),
  );
}

async function post<T>(base: string, path: string, body: unknown, keys: Keys): Promise<T> {
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': keys.requestId },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
