import type { Documents } from './documents';

/**
 * Token buckets shared by every orchestrator instance. A bucket item holds its tokens and when they were
 * counted; taking tokens reads the bucket, refills it for the time passed, and writes it back on the
 * condition that nobody else wrote in between (the `version`), retrying a lost race. Instances take tokens
 * in small leases and spend them locally, so most requests cost no DynamoDB write at all; unused leased
 * tokens simply expire, which errs on the side of admitting less, never more.
 */
export interface BucketPolicy {
  /** Bucket size: the burst a caller may make. */
  capacity: number;
  /** Tokens added per second. */
  refillPerSecond: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Tokens left (local lease + shared bucket, as last seen). */
  remaining: number;
  /** Seconds until a token is available, when refused. */
  retryAfterSeconds: number;
}

export interface RateLimitStoreOptions {
  doc: Documents;
  tableName: string;
  clock: () => Date;
  /** Tokens taken from the shared bucket at a time (1 = every request writes). */
  leaseSize: number;
  /** A local lease is spent within this long, or forfeited. */
  leaseMs: number;
}

interface Lease {
  tokens: number;
  expiresAt: number;
  sharedRemaining: number;
}

const MAX_RACES = 5;

export class RateLimitStore {
  readonly #options: RateLimitStoreOptions;
  readonly #leases = new Map<string, Lease>();
  /** Takes on one bucket queue up inside an instance, so they share a lease instead of racing for the item. */
  readonly #queues = new Map<string, Promise<unknown>>();

  constructor(options: RateLimitStoreOptions) {
    this.#options = options;
  }

  take(bucket: string, policy: BucketPolicy): Promise<TakeResult> {
    const previous = this.#queues.get(bucket) ?? Promise.resolve();
    const mine = previous.then(() => this.#take(bucket, policy));
    const settled = mine.catch(() => undefined);
    this.#queues.set(bucket, settled);
    void settled.then(() => {
      if (this.#queues.get(bucket) === settled) this.#queues.delete(bucket);
    });
    return mine;
  }

  async #take(bucket: string, policy: BucketPolicy): Promise<TakeResult> {
    const now = this.#options.clock().getTime();
    const lease = this.#leases.get(bucket);
    if (lease && lease.expiresAt > now && lease.tokens > 0) {
      lease.tokens -= 1;
      return { allowed: true, remaining: lease.tokens + lease.sharedRemaining, retryAfterSeconds: 0 };
    }
    for (let race = 0; race < MAX_RACES; race += 1) {
      const result = await this.#takeShared(bucket, policy, now);
      if (result) return result;
    }
    // Persistent contention: refuse rather than admit beyond the limit.
    return { allowed: false, remaining: 0, retryAfterSeconds: 1 };
  }

  async #takeShared(bucket: string, policy: BucketPolicy, now: number): Promise<TakeResult | null> {
    const key = { pk: `RATE#${bucket}`, sk: 'BUCKET' };
    const stored = await this.#options.doc.get({
      TableName: this.#options.tableName,
      Key: key,
      ConsistentRead: true,
    });
    const item = stored.Item as { tokens: number; counted_at: number; version: number } | undefined;
    const elapsed = item ? Math.max(0, now - item.counted_at) / 1000 : 0;
    const available = item
      ? Math.min(policy.capacity, item.tokens + elapsed * policy.refillPerSecond)
      : policy.capacity;
    if (available < 1) {
      this.#leases.delete(bucket);
      return {
        allowed: false,
        remaining: 0,
        retryAfterSeconds: Math.ceil((1 - available) / policy.refillPerSecond),
      };
    }
    const taken = Math.max(1, Math.min(this.#options.leaseSize, Math.floor(available)));
    const left = available - taken;
    const expiresAt = Math.floor(now / 1000) + Math.ceil(policy.capacity / policy.refillPerSecond) + 3600;
    try {
      if (item) {
        await this.#options.doc.update({
          TableName: this.#options.tableName,
          Key: key,
          UpdateExpression: 'SET tokens = :tokens, counted_at = :now, version = :next, expires_at = :expires',
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: {
            ':tokens': left,
            ':now': now,
            ':next': item.version + 1,
            ':version': item.version,
            ':expires': expiresAt,
          },
        });
      } else {
        await this.#options.doc.put({
          TableName: this.#options.tableName,
          Item: {
            ...key,
            entity: 'rate_limit',
            tokens: left,
            counted_at: now,
            version: 1,
            expires_at: expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        });
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return null;
      throw error;
    }
    const remainingLocal = taken - 1;
    this.#leases.set(bucket, {
      tokens: remainingLocal,
      expiresAt: now + this.#options.leaseMs,
      sharedRemaining: Math.floor(left),
    });
    return { allowed: true, remaining: remainingLocal + Math.floor(left), retryAfterSeconds: 0 };
  }
}
