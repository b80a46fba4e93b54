import type { Documents, QueryInput } from './documents';
import { DbError } from './errors';
import type { Key } from './item-keys';
import type { BucketCounts } from './latency-histogram';
import type { RawItem } from './query-pages';

export interface MetricsStoreOptions {
  doc: Documents;
  tableName: string;
  clock: () => Date;
  /** How long an item lives after the end of its minute (or hour); default two days. */
  ttlSeconds?: number;
}

/** One downstream endpoint, as named in the contract map: service and route template. */
export interface EndpointKey {
  service: string;
  endpoint: string;
}

/** What one writer observed for one endpoint in one minute; added to the stored totals atomically. */
export interface MinuteDelta extends EndpointKey {
  /** `YYYY-MM-DDTHH:MM` (UTC), see `minuteOf`. */
  minute: string;
  count: number;
  errors: number;
  sum_ms: number;
  buckets: BucketCounts;
}

export interface MinuteHistogram {
  minute: string;
  count: number;
  errors: number;
  sum_ms: number;
  buckets: Map<number, number>;
}

export interface SlowCall extends EndpointKey {
  request_id: string;
  latency_ms: number;
  /** ISO-8601 start of the attempt. */
  started_at: string;
  status: number | null;
  error_code: string | null;
}

/** A half-open time range [from, to). */
export interface TimeWindow {
  from: Date;
  to: Date;
}

const DEFAULT_TTL_SECONDS = 2 * 86_400;
const MINUTE_SK_PREFIX = 'MIN#';
const BUCKET_ATTRIBUTE = /^b_(\d+)$/;
/** Latency in microseconds, inverted so that an ascending Query returns the slowest first. */
const INVERTED_DIGITS = 13;
const MAX_MICROS = 10 ** INVERTED_DIGITS - 1;

/** The UTC minute of an instant, `YYYY-MM-DDTHH:MM`. */
export function minuteOf(at: Date | string | number): string {
  return new Date(at).toISOString().slice(0, 16);
}

/** The UTC hour of an instant, `YYYY-MM-DDTHH`. */
export function hourOf(at: Date | string | number): string {
  return new Date(at).toISOString().slice(0, 13);
}

export function metricsPartition(key: EndpointKey): string {
  return `METRICS#${checked(key.service)}#${checked(key.endpoint)}`;
}

export function slowCallsPartition(key: EndpointKey, hour: string): string {
  return `SLOW#${checked(key.service)}#${checked(key.endpoint)}#${hour}`;
}

export function slowCallSortKey(call: Pick<SlowCall, 'latency_ms' | 'started_at' | 'request_id'>): string {
  const micros = Math.min(MAX_MICROS, Math.max(0, Math.round(call.latency_ms * 1000)));
  return `${String(MAX_MICROS - micros).padStart(INVERTED_DIGITS, '0')}#${call.started_at}#${call.request_id}`;
}

/**
 * Downstream latency figures in the orchestrator table, shared by every instance:
 *
 * - one item per (service, endpoint, minute), `pk = METRICS#<service>#<endpoint>`, `sk = MIN#<minute>`,
 *   holding `count`, `errors`, `sum_ms` and one `b_<k>` count per non-empty histogram bucket. Writers add
 *   their deltas with a single `ADD` UpdateItem, so concurrent instances sum exactly;
 * - the slowest calls, `pk = SLOW#<service>#<endpoint>#<hour>`, `sk = <inverted latency>#<started_at>#
 *   <request_id>`, so a Query of an hour returns its slowest calls first.
 *
 * Items expire (TTL) `ttlSeconds` after their minute or hour ends; reads hide expired ones.
 */
export class MetricsStore {
  readonly #doc: Documents;
  readonly #table: string;
  readonly #clock: () => Date;
  readonly #ttlSeconds: number;

  constructor(options: MetricsStoreOptions) {
    this.#doc = options.doc;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  }

  /** Adds a delta to its minute's totals: one atomic UpdateItem. */
  async addToMinute(delta: MinuteDelta): Promise<void> {
    const start = Date.parse(`${delta.minute}:00.000Z`);
    if (Number.isNaN(start) || minuteOf(start) !== delta.minute) {
      throw new DbError('INVALID_QUERY', `not a minute (YYYY-MM-DDTHH:MM): ${delta.minute}`);
    }
    const names: Record<string, string> = {
      '#entity': 'entity',
      '#service': 'service',
      '#endpoint': 'endpoint',
      '#minute': 'minute',
      '#exp': 'expires_at',
      '#c': 'count',
      '#e': 'errors',
      '#s': 'sum_ms',
    };
    const values: Record<string, unknown> = {
      ':entity': 'metrics',
      ':service': delta.service,
      ':endpoint': delta.endpoint,
      ':minute': delta.minute,
      ':exp': epochSeconds(start) + 60 + this.#ttlSeconds,
      ':c': delta.count,
      ':e': delta.errors,
      ':s': delta.sum_ms,
    };
    const adds = ['#c :c', '#e :e', '#s :s'];
    for (const [bucket, count] of delta.buckets) {
      if (!Number.isInteger(bucket) || bucket < 0) throw new DbError('INVALID_QUERY', `bad bucket ${bucket}`);
      if (count === 0) continue;
      names[`#b${bucket}`] = `b_${bucket}`;
      values[`:b${bucket}`] = count;
      adds.push(`#b${bucket} :b${bucket}`);
    }
    await this.#doc.update({
      TableName: this.#table,
      Key: { pk: metricsPartition(delta), sk: `${MINUTE_SK_PREFIX}${delta.minute}` },
      UpdateExpression: `SET #entity = :entity, #service = :service, #endpoint = :endpoint, #minute = :minute, #exp = :exp ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    });
  }

  /** Stores calls as slow-call items; writing the same call twice leaves one item. */
  async recordSlowCalls(calls: readonly SlowCall[]): Promise<void> {
    await Promise.all(
      calls.map((call) => {
        const hour = hourOf(call.started_at);
        return this.#doc.put({
          TableName: this.#table,
          Item: {
            pk: slowCallsPartition(call, hour),
            sk: slowCallSortKey(call),
            entity: 'slow_call',
            ...call,
            expires_at: epochSeconds(Date.parse(`${hour}:00:00.000Z`)) + 3600 + this.#ttlSeconds,
          },
        });
      }),
    );
  }

  /** The minutes of [from, to) that saw calls, oldest first. */
  async readMinutes(key: EndpointKey, window: TimeWindow): Promise<MinuteHistogram[]> {
    if (window.to <= window.from) return [];
    const items = await this.#queryAll({
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lo AND :hi',
      FilterExpression: '#exp >= :now',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#exp': 'expires_at' },
      ExpressionAttributeValues: {
        ':pk': metricsPartition(key),
        ':lo': `${MINUTE_SK_PREFIX}${minuteOf(window.from)}`,
        ':hi': `${MINUTE_SK_PREFIX}${minuteOf(window.to.getTime() - 1)}`,
        ':now': this.#nowSeconds(),
      },
    });
    return items.map(toMinuteHistogram);
  }

  /** The `limit` slowest calls that started in [from, to), slowest first. */
  async readSlowest(key: EndpointKey, window: TimeWindow, limit: number): Promise<SlowCall[]> {
    const hours: string[] = [];
    const hourMs = 3_600_000;
    for (
      let at = Math.floor(window.from.getTime() / hourMs) * hourMs;
      at < window.to.getTime();
      at += hourMs
    ) {
      hours.push(hourOf(at));
    }
    const perHour = await Promise.all(
      hours.map((hour) =>
        this.#queryAll(
          {
            KeyConditionExpression: '#pk = :pk',
            FilterExpression: '#exp >= :now AND #at >= :from AND #at < :to',
            ExpressionAttributeNames: { '#pk': 'pk', '#exp': 'expires_at', '#at': 'started_at' },
            ExpressionAttributeValues: {
              ':pk': slowCallsPartition(key, hour),
              ':now': this.#nowSeconds(),
              ':from': window.from.toISOString(),
              ':to': window.to.toISOString(),
            },
          },
          limit,
        ),
      ),
    );
    return perHour
      .flat()
      .map(toSlowCall)
      .sort((a, b) => b.latency_ms - a.latency_ms)
      .slice(0, limit);
  }

  /** Pages through a Query until it is exhausted or `max` items matched its filter. */
  async #queryAll(
    query: Pick<
      QueryInput,
      'KeyConditionExpression' | 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
    max = Number.POSITIVE_INFINITY,
  ): Promise<RawItem[]> {
    const items: RawItem[] = [];
    let startKey: Key | undefined;
    do {
      const out = await this.#doc.query({ ...query, TableName: this.#table, ExclusiveStartKey: startKey });
      items.push(...out.Items);
      startKey = out.LastEvaluatedKey as Key | undefined;
    } while (startKey && items.length < max);
    return items.slice(0, max);
  }

  #nowSeconds(): number {
    return epochSeconds(this.#clock().getTime());
  }
}

function toMinuteHistogram(item: RawItem): MinuteHistogram {
  const buckets = new Map<number, number>();
  for (const [name, value] of Object.entries(item)) {
    const match = BUCKET_ATTRIBUTE.exec(name);
    if (match && typeof value === 'number' && value > 0) buckets.set(Number(match[1]), value);
  }
  return {
    minute: String(item.minute),
    count: Number(item.count ?? 0),
    errors: Number(item.errors ?? 0),
    sum_ms: Number(item.sum_ms ?? 0),
    buckets,
  };
}

function toSlowCall(item: RawItem): SlowCall {
  return {
    service: String(item.service),
    endpoint: String(item.endpoint),
    request_id: String(item.request_id),
    latency_ms: Number(item.latency_ms),
    started_at: String(item.started_at),
    status: typeof item.status === 'number' ? item.status : null,
    error_code: typeof item.error_code === 'string' ? item.error_code : null,
  };
}

/** Names become parts of composite keys joined with '#'. */
function checked(part: string): string {
  if (!part || part.includes('#')) throw new DbError('INVALID_QUERY', `invalid metrics key part: ${part}`);
  return part;
}

function epochSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}
