import { z } from 'zod';
import type { Documents } from './documents';
import { assertItemFits } from './item-size';

/**
 * Idempotency records, one item per (scope, key): claimed IN_PROGRESS before the work runs, COMPLETED with
 * the response after. Every write states its invariant in its condition, so concurrent duplicates cannot
 * both claim a key; expiry is handled by the reader (the table's TTL only cleans up).
 */
const SK = 'IDEMPOTENCY';

const RecordSchema = z.object({
  status: z.enum(['IN_PROGRESS', 'COMPLETED']),
  fingerprint: z.string(),
  response: z.unknown().optional(),
  in_progress_until: z.number(),
  expires_at: z.number(),
});

export type IdempotencyClaim =
  | { state: 'claimed' }
  | { state: 'completed'; response: unknown }
  | { state: 'in_progress' }
  | { state: 'mismatch' };

export interface IdempotencyStoreOptions {
  doc: Documents;
  tableName: string;
  clock: () => Date;
  /** How long a completed response is replayed. */
  ttlSeconds: number;
  /** How long a claim blocks duplicates before a crashed holder's key may be claimed again. */
  inProgressMs: number;
}

export class IdempotencyStore {
  readonly #options: IdempotencyStoreOptions;

  constructor(options: IdempotencyStoreOptions) {
    this.#options = options;
  }

  #key(scope: string, key: string) {
    return { pk: `IDEM#${scope}#${key}`, sk: SK };
  }

  /** Claims the key for a request whose body hashes to `fingerprint`, or says why it cannot. */
  async claim(scope: string, key: string, fingerprint: string): Promise<IdempotencyClaim> {
    const now = this.#options.clock().getTime();
    try {
      await this.#options.doc.put({
        TableName: this.#options.tableName,
        Item: {
          ...this.#key(scope, key),
          entity: 'idempotency',
          status: 'IN_PROGRESS',
          fingerprint,
          in_progress_until: now + this.#options.inProgressMs,
          expires_at: Math.floor(now / 1000) + this.#options.ttlSeconds,
        },
        // New, expired, or abandoned by a holder that never finished.
        ConditionExpression:
          'attribute_not_exists(pk) OR expires_at < :now_s OR (#status = :in_progress AND in_progress_until < :now_ms)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':now_s': Math.floor(now / 1000),
          ':now_ms': now,
          ':in_progress': 'IN_PROGRESS',
        },
      });
      return { state: 'claimed' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const existing = await this.#read(scope, key);
    if (!existing) return this.claim(scope, key, fingerprint);
    if (existing.fingerprint !== fingerprint) return { state: 'mismatch' };
    if (existing.status === 'COMPLETED') return { state: 'completed', response: existing.response };
    return { state: 'in_progress' };
  }

  /** Stores the response of a claimed key; only the holder's claim (same fingerprint) can complete it. */
  async complete(scope: string, key: string, fingerprint: string, response: unknown): Promise<void> {
    const item = { ...this.#key(scope, key), status: 'COMPLETED', fingerprint, response };
    assertItemFits(`idempotency record ${key}`, item);
    await this.#options.doc.update({
      TableName: this.#options.tableName,
      Key: this.#key(scope, key),
      UpdateExpression: 'SET #status = :completed, #response = :response',
      ConditionExpression: '#status = :in_progress AND fingerprint = :fingerprint',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: {
        ':completed': 'COMPLETED',
        ':in_progress': 'IN_PROGRESS',
        ':fingerprint': fingerprint,
        ':response': response,
      },
    });
  }

  /** Gives a claimed key back (the work failed), so a retry with the same key runs again. */
  async release(scope: string, key: string, fingerprint: string): Promise<void> {
    try {
      await this.#options.doc.update({
        TableName: this.#options.tableName,
        Key: this.#key(scope, key),
        UpdateExpression: 'SET in_progress_until = :zero',
        ConditionExpression: '#status = :in_progress AND fingerprint = :fingerprint',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':zero': 0,
          ':in_progress': 'IN_PROGRESS',
          ':fingerprint': fingerprint,
        },
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async #read(scope: string, key: string) {
    const result = await this.#options.doc.get({
      TableName: this.#options.tableName,
      Key: this.#key(scope, key),
      ConsistentRead: true,
    });
    if (!result.Item) return null;
    const record = RecordSchema.parse(result.Item);
    const now = this.#options.clock().getTime();
    if (record.expires_at * 1000 < now) return null;
    if (record.status === 'IN_PROGRESS' && record.in_progress_until < now) return null;
    return record;
  }
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
