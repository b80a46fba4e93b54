import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import { CursorCodec, type CursorPosition } from './cursor';
import type { Documents } from './documents';
import { ConflictError, DbError, NotFoundError } from './errors';
import { querySegment, updateExpression } from './expressions';
import {
  dayOf,
  dayPartition,
  type Key,
  leaseSortPrefix,
  OPEN_INDEX_ATTRIBUTES,
  OPEN_SHARDS,
  openPartition,
  REQUEST_SK_PREFIX,
  requestIndexAttributes,
  requestKey,
  sessionIndexAttributes,
  sessionKey,
  USER_REQUEST_PREFIX,
  USER_SESSION_PREFIX,
  userPartition,
} from './item-keys';
import {
  type JsonObject,
  type RequestItem,
  RequestItemSchema,
  type RequestRef,
  type RequestStatus,
  RequestStatusSchema,
  type RequestType,
  type SessionItem,
  SessionItemSchema,
  type WorkflowStateName,
} from './item-schemas';
import { assertItemFits } from './item-size';
import { type QuerySegment, type RawItem, readMergedPage, readSegmentedPage } from './query-pages';
import { INDEX } from './table-definition';

export interface RepositoryOptions {
  doc: Documents;
  tableName: string;
  /** Source of "now" for timestamps, expiry and default time ranges. */
  clock: () => Date;
  /** Signs pagination cursors (at least 16 bytes). */
  cursorSecret: string | Uint8Array;
  /** Items expire this many days after their last write. */
  ttlDays: number;
}

export interface CreateSessionInput {
  session_id: string;
  user_id: string;
  client_id: string;
  request_type: RequestType;
  status?: RequestStatus;
  state?: WorkflowStateName;
  requirements?: JsonObject | null;
  pending_clarification?: JsonObject | null;
  /** A session written once its first request is done carries that request's outcome from the start. */
  last_request_id?: string | null;
  request_count?: number;
  last_prices?: number[];
  last_cursor?: string | null;
}

export interface AppendRequestInput {
  session_id: string;
  request_id: string;
  user_id: string;
  client_id: string;
  request_type: RequestType;
  input_data: JsonObject;
  workflow_state?: JsonObject;
  status?: RequestStatus;
  state?: WorkflowStateName;
  /** When the request arrived (default: now); it is part of the request's key. */
  created_at?: string;
  replay_of?: string;
  lease_owner?: string;
  lease_expires_at?: number;
}

export type SessionPatch = Partial<
  Pick<
    SessionItem,
    | 'requirements'
    | 'pending_clarification'
    | 'status'
    | 'state'
    | 'request_type'
    | 'last_request_id'
    | 'request_count'
    | 'last_prices'
    | 'last_cursor'
  >
>;

/** `null` lease fields remove the lease. */
export interface RequestPatch
  extends Partial<Pick<RequestItem, 'status' | 'state' | 'input_data' | 'workflow_state'>> {
  lease_owner?: string | null;
  lease_expires_at?: number | null;
}

export interface PageOptions {
  /** 1..100, default 20. */
  limit?: number;
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; null when there is none. */
  cursor: string | null;
}

export interface SessionFilters {
  /** With `client_id`, served by the by_user index; alone, a filter. */
  user_id?: string;
  client_id?: string;
  status?: RequestStatus;
  state?: WorkflowStateName;
  request_type?: RequestType;
  /** Inclusive ISO-8601 lower bound on created_at; default 30 days ago unless a user is given. */
  from?: string;
  /** Exclusive ISO-8601 upper bound on created_at; default the end of today (UTC). */
  to?: string;
}

export interface UnfinishedRequestsOptions extends PageOptions {
  /** Only requests whose lease (epoch ms) expired before this; unleased requests count as expired. */
  leaseExpiredBefore?: number;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const DEFAULT_RANGE_DAYS = 30;
/** Longest range `countSessionsByStatus` walks: one Query (or a few pages) per day. */
export const MAX_COUNT_RANGE_DAYS = 31;
const DAY_MS = 86_400_000;
/** Sorts after every timestamp, as an open upper bound in key conditions. */
const HIGHEST = '~';

const TABLE_KEYS = ['pk', 'sk'] as const;
const BY_USER_KEYS = [...TABLE_KEYS, 'gsi_user_pk', 'gsi_user_sk'];
const BY_DAY_KEYS = [...TABLE_KEYS, 'gsi_day_pk', 'gsi_day_sk'];
const OPEN_KEYS = [...TABLE_KEYS, 'gsi_open_pk', 'gsi_open_sk'];

interface ItemKind<T> {
  name: string;
  /** An object schema: its `shape` checks single attributes, so an update checks only what it changes. */
  schema: z.ZodType<T> & { shape: Readonly<Record<string, z.ZodType>> };
  label: (item: T) => string;
  indexAttributes: (item: T) => Key;
  /** Attributes an update may take away; anything else unknown to this code is left alone. */
  removable: readonly string[];
}

const SESSION: ItemKind<SessionItem> = {
  name: 'session',
  schema: SessionItemSchema,
  label: (s) => `session ${s.session_id}`,
  indexAttributes: sessionIndexAttributes,
  removable: [],
};

const REQUEST: ItemKind<RequestItem> = {
  name: 'request',
  schema: RequestItemSchema,
  label: (r) => `request ${r.session_id}/${r.request_id}`,
  indexAttributes: requestIndexAttributes,
  removable: ['lease_owner', 'lease_expires_at', ...OPEN_INDEX_ATTRIBUTES],
};

/**
 * Typed access to the orchestrator table. Every write is conditional (create-if-absent or
 * optimistic locking on `version`), every read hides TTL-expired items, and every item is validated
 * on the way out. Raw media never belongs in these items: callers store references, not bytes.
 */
export class OrchestratorRepository {
  readonly #doc: Documents;
  readonly #table: string;
  readonly #clock: () => Date;
  readonly #cursors: CursorCodec;
  readonly #ttlSeconds: number;

  constructor(options: RepositoryOptions) {
    this.#doc = options.doc;
    this.#table = options.tableName;
    this.#clock = options.clock;
    this.#cursors = new CursorCodec(options.cursorSecret);
    this.#ttlSeconds = Math.round(options.ttlDays * 86_400);
  }

  /** Throws ConflictError when a live session with this id exists. */
  async createSession(input: CreateSessionInput): Promise<SessionItem> {
    const now = this.#clock();
    const session = validate(SESSION, {
      ...sessionKey(input.session_id),
      entity: 'session',
      session_id: input.session_id,
      user_id: input.user_id,
      client_id: input.client_id,
      requirements: input.requirements ?? null,
      pending_clarification: input.pending_clarification ?? null,
      status: input.status ?? 'pending',
      state: input.state ?? 'INITIAL',
      request_type: input.request_type,
      last_request_id: input.last_request_id ?? null,
      request_count: input.request_count ?? 0,
      last_prices: input.last_prices ?? [],
      last_cursor: input.last_cursor ?? null,
      ...this.#stamps(now),
      created_at: now.toISOString(),
      version: 1,
    });
    await this.#putNew(SESSION, session, now);
    return session;
  }

  async getSession(sessionId: string): Promise<SessionItem | null> {
    const raw = await this.#getRaw(sessionKey(sessionId));
    return raw ? validate(SESSION, raw) : null;
  }

  /**
   * Adds a request to a session (pending and created now unless said otherwise). The session's copies of
   * the request's status/state/type are the caller's to update, through `updateSession`.
   */
  async appendRequest(input: AppendRequestInput): Promise<RequestItem> {
    const now = this.#clock();
    const createdAt = input.created_at ?? now.toISOString();
    const request = validate(REQUEST, {
      ...requestKey({ ...input, created_at: createdAt }),
      entity: 'request',
      request_id: input.request_id,
      session_id: input.session_id,
      user_id: input.user_id,
      client_id: input.client_id,
      request_type: input.request_type,
      status: input.status ?? 'pending',
      state: input.state ?? 'INITIAL',
      input_data: input.input_data,
      workflow_state: input.workflow_state ?? {},
      ...this.#stamps(now),
      created_at: createdAt,
      version: 1,
      ...definedOnly({
        replay_of: input.replay_of,
        lease_owner: input.lease_owner,
        lease_expires_at: input.lease_expires_at,
      }),
    });
    await this.#putNew(REQUEST, request, now);
    return request;
  }

  async getRequest(ref: RequestRef): Promise<RequestItem | null> {
    const raw = await this.#getRaw(requestKey(ref));
    return raw ? validate(REQUEST, raw) : null;
  }

  /** Looks a request up by id alone (an eventually consistent index), then reads it consistently. */
  async findRequest(requestId: string): Promise<RequestItem | null> {
    const { items } = await readSegmentedPage(this.#doc, this.#table, {
      segments: [
        querySegment({
          index: INDEX.byRequestId,
          partition: ['gsi_req_pk', requestId],
        }),
      ],
      keyAttributes: [...TABLE_KEYS, 'gsi_req_pk'],
      limit: 10,
      start: { segment: 0, key: null },
      selective: false,
    });
    for (const entry of items) {
      const raw = await this.#getRaw({ pk: String(entry.pk), sk: String(entry.sk) });
      if (raw) return validate(REQUEST, raw);
    }
    return null;
  }

  /**
   * Where a request lives, from the keys-only by_request_id index alone: no item is read, so it is cheap,
   * eventually consistent, and may name a request that has just expired.
   */
  async findRequestRef(requestId: string): Promise<RequestRef | null> {
    const out = await this.#doc.query({
      ...querySegment({ index: INDEX.byRequestId, partition: ['gsi_req_pk', requestId] }),
      TableName: this.#table,
      Limit: 1,
    });
    const item = out.Items?.[0];
    const sk = String(item?.sk ?? '');
    const suffix = `#${requestId}`;
    if (!item || !sk.startsWith(REQUEST_SK_PREFIX) || !sk.endsWith(suffix)) return null;
    return {
      session_id: String(item.pk),
      request_id: requestId,
      created_at: sk.slice(REQUEST_SK_PREFIX.length, -suffix.length),
    };
  }

  /**
   * Applies `patch` if the request is still at `expectedVersion`; ConflictError otherwise, NotFoundError
   * if it is gone. Leaving pending/processing takes the request out of the open_requests index.
   */
  updateRequest(
    ref: RequestRef,
    expectedVersion: number,
    patch: RequestPatch,
    snapshot?: RequestItem,
  ): Promise<RequestItem> {
    return this.#update(REQUEST, requestKey(ref), expectedVersion, snapshot, (current) => {
      const { lease_owner, lease_expires_at, ...fields } = patch;
      const next: Record<string, unknown> = { ...current, ...definedOnly(fields) };
      if (lease_owner !== undefined) next.lease_owner = lease_owner ?? undefined;
      if (lease_expires_at !== undefined) next.lease_expires_at = lease_expires_at ?? undefined;
      return next;
    });
  }

  updateSession(
    sessionId: string,
    expectedVersion: number,
    patch: SessionPatch,
    snapshot?: SessionItem,
  ): Promise<SessionItem> {
    return this.#update(SESSION, sessionKey(sessionId), expectedVersion, snapshot, (current) => ({
      ...current,
      ...definedOnly(patch),
    }));
  }

  /** A session's requests in time order (`asc`, the default) or newest first. */
  async listSessionRequests(
    sessionId: string,
    options: PageOptions & { order?: 'asc' | 'desc' } = {},
  ): Promise<Page<RequestItem>> {
    const order = options.order ?? 'asc';
    const query = { list: 'session_requests', session_id: sessionId, order };
    const segment = querySegment({
      partition: ['pk', sessionId],
      sort: ['sk', { beginsWith: REQUEST_SK_PREFIX }],
      descending: order === 'desc',
      nowSeconds: this.#nowSeconds(),
    });
    return this.#segmentedPage(REQUEST, query, [segment], TABLE_KEYS, options, false);
  }

  /** A user's requests, newest first. */
  async listUserRequests(
    user: { client_id: string; user_id: string },
    options: PageOptions = {},
  ): Promise<Page<RequestItem>> {
    const query = { list: 'user_requests', client_id: user.client_id, user_id: user.user_id };
    const segment = querySegment({
      index: INDEX.byUser,
      partition: ['gsi_user_pk', userPartition(user.client_id, user.user_id)],
      sort: ['gsi_user_sk', { beginsWith: USER_REQUEST_PREFIX }],
      descending: true,
      nowSeconds: this.#nowSeconds(),
    });
    return this.#segmentedPage(REQUEST, query, [segment], BY_USER_KEYS, options, false);
  }

  /**
   * Sessions newest first. A user (client_id + user_id) is one partition of by_user; otherwise the
   * by_day buckets of the range are walked from newest to oldest. Other filters are FilterExpressions,
   * and pages are filled by querying on until `limit` matches or the range is exhausted.
   */
  async listSessions(filters: SessionFilters = {}, options: PageOptions = {}): Promise<Page<SessionItem>> {
    const query = {
      list: 'sessions',
      user_id: filters.user_id,
      client_id: filters.client_id,
      status: filters.status,
      state: filters.state,
      request_type: filters.request_type,
      from: filters.from,
      to: filters.to,
    };
    const position = this.#startPosition(query, options.cursor);
    if (
      filters.from !== undefined &&
      filters.to !== undefined &&
      isoInstant(filters.from) >= isoInstant(filters.to)
    ) {
      return { items: [], cursor: null };
    }
    const equals = { status: filters.status, state: filters.state, request_type: filters.request_type };
    const selective = Object.values(equals).some((value) => value !== undefined);
    const nowSeconds = this.#nowSeconds();

    if (filters.user_id !== undefined && filters.client_id !== undefined) {
      const lower = filters.from === undefined ? '' : isoInstant(filters.from);
      const upper = filters.to === undefined ? HIGHEST : isoInstant(filters.to);
      const segment = querySegment({
        index: INDEX.byUser,
        partition: ['gsi_user_pk', userPartition(filters.client_id, filters.user_id)],
        sort: ['gsi_user_sk', { between: [USER_SESSION_PREFIX + lower, USER_SESSION_PREFIX + upper] }],
        descending: true,
        nowSeconds,
        equals,
      });
      return this.#segmentedPage(
        SESSION,
        query,
        [segment],
        BY_USER_KEYS,
        { ...options, position },
        selective,
      );
    }

    const range = position.range ?? this.#defaultRange(filters);
    const segments: QuerySegment[] = daysDescending(range.from, range.to).map((day) =>
      querySegment({
        index: INDEX.byDay,
        partition: ['gsi_day_pk', dayPartition(day, 'S')],
        sort: ['gsi_day_sk', { between: [range.from, range.to] }],
        descending: true,
        nowSeconds,
        equals: { ...equals, user_id: filters.user_id, client_id: filters.client_id },
      }),
    );
    const userFiltered = filters.user_id !== undefined || filters.client_id !== undefined;
    return this.#segmentedPage(
      SESSION,
      query,
      segments,
      BY_DAY_KEYS,
      { ...options, position: { ...position, range } },
      selective || userFiltered,
    );
  }

  /**
   * How many sessions created in [from, to) are in each status. Each by_day bucket of the range is one
   * Query (paged to its end) that projects only the status: no Scan, and at most MAX_COUNT_RANGE_DAYS
   * buckets.
   */
  async countSessionsByStatus(range: { from: string; to: string }): Promise<Record<RequestStatus, number>> {
    const from = isoInstant(range.from);
    const to = isoInstant(range.to);
    if (Date.parse(to) - Date.parse(from) > MAX_COUNT_RANGE_DAYS * DAY_MS) {
      throw new DbError('INVALID_QUERY', `a count covers at most ${MAX_COUNT_RANGE_DAYS} days`);
    }
    const counts: Record<RequestStatus, number> = { pending: 0, processing: 0, completed: 0, failed: 0 };
    const nowSeconds = this.#nowSeconds();
    const countDay = async (day: string) => {
      const segment = querySegment({
        index: INDEX.byDay,
        partition: ['gsi_day_pk', dayPartition(day, 'S')],
        sort: ['gsi_day_sk', { between: [from, to] }],
        nowSeconds,
      });
      let startKey: Key | undefined;
      do {
        const out = await this.#doc.query({
          ...segment,
          TableName: this.#table,
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { ...segment.ExpressionAttributeNames, '#status': 'status' },
          ExclusiveStartKey: startKey,
        });
        for (const item of out.Items) {
          const status = RequestStatusSchema.safeParse(item.status);
          if (status.success) counts[status.data] += 1;
        }
        startKey = out.LastEvaluatedKey as Key | undefined;
      } while (startKey);
    };
    await Promise.all(daysDescending(from, to).map(countDay));
    return counts;
  }

  /**
   * Pending and processing requests across all open_requests shards, ordered by lease expiry
   * (unleased first), for crash recovery and the console.
   */
  async listUnfinishedRequests(options: UnfinishedRequestsOptions = {}): Promise<Page<RequestItem>> {
    const limit = pageLimit(options.limit);
    const query = { list: 'open_requests', lease_expired_before: options.leaseExpiredBefore };
    const after = this.#startPosition(query, options.cursor).key?.gsi_open_sk;
    const upper =
      options.leaseExpiredBefore === undefined ? HIGHEST : leaseSortPrefix(options.leaseExpiredBefore);
    const nowSeconds = this.#nowSeconds();
    const segments = Array.from({ length: OPEN_SHARDS }, (_, shard) =>
      querySegment({
        index: INDEX.openRequests,
        partition: ['gsi_open_pk', openPartition(shard)],
        sort: ['gsi_open_sk', { between: [after ?? '0', upper] }],
        nowSeconds,
      }),
    );
    const { items, more } = await readMergedPage(this.#doc, this.#table, {
      segments,
      keyAttributes: OPEN_KEYS,
      sortAttribute: 'gsi_open_sk',
      exclude: after,
      limit,
    });
    const last = items.at(-1);
    const cursor =
      more && last
        ? this.#cursors.encode(query, { segment: 0, key: { gsi_open_sk: String(last.gsi_open_sk) } })
        : null;
    return { items: items.map((raw) => validate(REQUEST, raw)), cursor };
  }

  async #segmentedPage<T>(
    kind: ItemKind<T>,
    query: object,
    segments: QuerySegment[],
    keyAttributes: readonly string[],
    options: PageOptions & { position?: CursorPosition },
    selective: boolean,
  ): Promise<Page<T>> {
    const position = options.position ?? this.#startPosition(query, options.cursor);
    const { items, next } = await readSegmentedPage(this.#doc, this.#table, {
      segments,
      keyAttributes,
      limit: pageLimit(options.limit),
      start: position,
      selective,
    });
    const cursor = next
      ? this.#cursors.encode(query, { ...next, ...definedOnly({ range: position.range }) })
      : null;
    return { items: items.map((raw) => validate(kind, raw)), cursor };
  }

  #startPosition(query: object, cursor: string | null | undefined): CursorPosition {
    return cursor === undefined || cursor === null
      ? { segment: 0, key: null }
      : this.#cursors.decode(cursor, query);
  }

  /** [from, to) of a by_day walk: explicit bounds, else the last 30 days through the end of today. */
  #defaultRange(filters: SessionFilters): { from: string; to: string } {
    const now = this.#clock().getTime();
    const endOfToday = startOfDay(now) + DAY_MS;
    return {
      from:
        filters.from === undefined
          ? new Date(now - DEFAULT_RANGE_DAYS * DAY_MS).toISOString()
          : isoInstant(filters.from),
      to: filters.to === undefined ? new Date(endOfToday).toISOString() : isoInstant(filters.to),
    };
  }

  async #putNew<T>(kind: ItemKind<T>, item: T, now: Date): Promise<void> {
    const stored = { ...(item as RawItem), ...kind.indexAttributes(item) };
    assertItemFits(kind.label(item), stored);
    try {
      await this.#doc.put({
        TableName: this.#table,
        Item: stored,
        // An expired item that TTL has not deleted yet is logically gone, so it may be replaced.
        ConditionExpression: 'attribute_not_exists(pk) OR #expires < :now',
        ExpressionAttributeNames: { '#expires': 'expires_at' },
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
      });
    } catch (error) {
      if (isConditionFailure(error))
        throw new ConflictError(`${kind.label(item)} already exists`, { cause: error });
      throw error;
    }
  }

  /**
   * Optimistic update. The current item is read first so the whole new item is known: its size can be
   * checked before writing and its index attributes recomputed. The write itself is conditional on the
   * version, so a race lost between the read and the write is still a ConflictError.
   */
  async #update<T extends { version: number }>(
    kind: ItemKind<T>,
    key: Key,
    expectedVersion: number,
    snapshot: T | undefined,
    apply: (current: T) => Record<string, unknown>,
  ): Promise<T> {
    const describe = `${kind.name} ${key.pk}/${key.sk}`;
    // The caller's copy from its last write saves a read; the condition on `version` still guards the write.
    const fresh = snapshot && snapshot.version === expectedVersion ? null : await this.#getRaw(key);
    const raw =
      fresh ?? (snapshot ? { ...(snapshot as unknown as RawItem), ...kind.indexAttributes(snapshot) } : null);
    if (!raw) throw new NotFoundError(`${describe} not found`);
    const current = snapshot && snapshot.version === expectedVersion ? snapshot : validate(kind, raw);
    if (current.version !== expectedVersion) {
      throw new ConflictError(`${describe} is at version ${current.version}, not ${expectedVersion}`);
    }
    const now = this.#clock();
    const next = validateChanges(kind, current, {
      ...definedOnly(apply(current)),
      ...this.#stamps(now),
      version: expectedVersion + 1,
    });
    const stored: RawItem = { ...(next as RawItem), ...kind.indexAttributes(next) };
    assertItemFits(kind.label(next), stored);

    // Only what changed is written. Against a fresh read that is a deep comparison; a caller's copy may share
    // objects with the patch (a record it keeps mutating), so against it only a plain value (a string, a
    // number) counts as unchanged, and every object is written.
    const fromSnapshot = raw !== fresh;
    const unchanged = (name: string, value: unknown) =>
      fromSnapshot ? isPlainValue(value) && raw[name] === value : isDeepStrictEqual(raw[name], value);
    const set = Object.fromEntries(
      Object.entries(stored).filter(([name, value]) => !(name in key) && !unchanged(name, value)),
    );
    const remove = kind.removable.filter((name) => name in raw && !(name in stored));
    const update = updateExpression({ set, remove });
    try {
      await this.#doc.update({
        TableName: this.#table,
        Key: key,
        ...update,
        ConditionExpression: 'attribute_exists(pk) AND #version = :expected AND #expires >= :now',
        ExpressionAttributeNames: {
          ...update.ExpressionAttributeNames,
          '#version': 'version',
          '#expires': 'expires_at',
        },
        ExpressionAttributeValues: {
          ...update.ExpressionAttributeValues,
          ':expected': expectedVersion,
          ':now': epochSeconds(now),
        },
      });
      // What was written is `next`: reading it back would only cost the transfer and a second parse.
      return next;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      if (!(await this.#getRaw(key))) throw new NotFoundError(`${describe} not found`, { cause: error });
      throw new ConflictError(`${describe} changed since version ${expectedVersion}`, { cause: error });
    }
  }

  /** A consistent read that treats an expired item as absent. */
  async #getRaw(key: Key): Promise<RawItem | null> {
    const out = await this.#doc.get({ TableName: this.#table, Key: key, ConsistentRead: true });
    const item = out.Item;
    if (!item || typeof item.expires_at !== 'number' || item.expires_at < this.#nowSeconds()) return null;
    return item;
  }

  #stamps(now: Date): { updated_at: string; expires_at: number } {
    return { updated_at: now.toISOString(), expires_at: epochSeconds(now) + this.#ttlSeconds };
  }

  #nowSeconds(): number {
    return epochSeconds(this.#clock());
  }
}

function isPlainValue(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function validate<T>(kind: ItemKind<T>, raw: unknown): T {
  const parsed = kind.schema.safeParse(raw);
  if (!parsed.success)
    throw new DbError('INVALID_ITEM', `invalid item: ${parsed.error.message}`, { cause: parsed.error });
  return parsed.data;
}

/**
 * `next` is `current` (a valid item) with some attributes changed, added or removed: only those are
 * checked, which spares re-validating a whole item on every update.
 */
function validateChanges<T extends object>(kind: ItemKind<T>, current: T, next: Record<string, unknown>): T {
  const before = current as Record<string, unknown>;
  const checked: Record<string, unknown> = { ...next };
  for (const name of new Set([...Object.keys(before), ...Object.keys(next)])) {
    if (before[name] === next[name]) continue;
    const schema = kind.schema.shape[name];
    if (!schema) throw new DbError('INVALID_ITEM', `invalid item: unknown attribute ${name}`);
    const parsed = schema.safeParse(next[name]);
    if (!parsed.success) {
      throw new DbError('INVALID_ITEM', `invalid item: ${name}: ${parsed.error.message}`, {
        cause: parsed.error,
      });
    }
    if (parsed.data !== undefined) checked[name] = parsed.data;
  }
  return checked as T;
}

function pageLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT) {
    throw new DbError('INVALID_QUERY', `limit must be an integer from 1 to ${MAX_LIMIT}`);
  }
  return value;
}

/** Normalises an ISO-8601 instant to the stored format, so string comparison orders by time. */
function isoInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new DbError('INVALID_QUERY', `not an ISO-8601 timestamp: ${value}`);
  return new Date(ms).toISOString();
}

/** The UTC days touched by [from, to), newest first. */
function daysDescending(from: string, to: string): string[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const days: string[] = [];
  if (end <= start) return days;
  for (let midnight = startOfDay(end - 1); midnight >= startOfDay(start); midnight -= DAY_MS) {
    days.push(dayOf(new Date(midnight).toISOString()));
  }
  return days;
}

function startOfDay(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS) * DAY_MS;
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
