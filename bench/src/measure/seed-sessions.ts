import { type AttributeValue, BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DEVELOPMENT_CLIENT_ID } from '@talknshop/api';
import { type Documents, OrchestratorRepository, type PutInput } from '@talknshop/db';

/** DynamoDB's BatchWriteItem limit. */
const BATCH = 25;
const WRITERS = 4;
const BUILD_CHUNK = 2_000;

export interface SessionSeeder {
  /** Sessions written so far. */
  count(): number;
  /** Writes sessions until `total` exist. */
  seedUpTo(total: number): Promise<void>;
}

/** Seeded session `index`: its id and owner, for requests that address it. */
export function seededSession(index: number): { sessionId: string; userId: string } {
  return { sessionId: `seed-${index}`, userId: `shopper-${index % 1000}` };
}

/**
 * Seeds sessions with BatchWriteItem, each item built by the repository itself: `createSession` runs against
 * a stand-in for its `Documents` that only records the item it would put (key, index attributes, TTL,
 * validation), and those items are then written 25 at a time. The repository's key builders are not
 * exported; this uses them all the same, so the seeded items are exactly what the orchestrator would have
 * stored.
 */
export function createSessionSeeder(client: DynamoDBClient, tableName: string): SessionSeeder {
  let seeded = 0;
  const built: Record<string, unknown>[] = [];
  const recorder: Pick<Documents, 'put'> = {
    put: async (input: PutInput) => {
      built.push(input.Item);
      return {};
    },
  };
  const builder = new OrchestratorRepository({
    // Creating a session only puts: this stand-in records the item instead of sending it.
    doc: recorder as Documents,
    tableName,
    clock: () => new Date(),
    cursorSecret: 'bench-seeding-only-never-pages',
    ttlDays: 30,
  });

  async function build(from: number, to: number): Promise<Record<string, unknown>[]> {
    built.length = 0;
    for (let index = from; index < to; index += 1) {
      const { sessionId, userId } = seededSession(index);
      await builder.createSession({
        session_id: sessionId,
        user_id: userId,
        client_id: DEVELOPMENT_CLIENT_ID,
        request_type: 'search',
        status: 'completed',
        state: 'COMPLETED',
      });
    }
    return built.splice(0);
  }

  async function write(items: Record<string, unknown>[]): Promise<void> {
    let next = 0;
    const writer = async () => {
      while (next < items.length) {
        const batch = items.slice(next, next + BATCH);
        next += BATCH;
        let pending = batch.map((item) => ({ PutRequest: { Item: marshall(item) } })) as
          | { PutRequest: { Item: Record<string, AttributeValue> } }[]
          | undefined;
        while (pending && pending.length > 0) {
          const out = await client.send(
            new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
          );
          pending = out.UnprocessedItems?.[tableName] as typeof pending;
        }
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));
  }

  return {
    count: () => seeded,
    async seedUpTo(total) {
      while (seeded < total) {
        const to = Math.min(total, seeded + BUILD_CHUNK);
        await write(await build(seeded, to));
        seeded = to;
      }
    },
  };
}
