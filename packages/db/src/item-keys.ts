import { createHash } from 'node:crypto';
import { isOpenStatus, type RequestItem, type RequestRef, type SessionItem } from './item-schemas';

/** Composite key layout. Every value here is a string key attribute of the table or one of its indexes. */
export const SESSION_SK = 'SESSION';
export const REQUEST_SK_PREFIX = 'REQ#';
export const USER_SESSION_PREFIX = 'S#';
export const USER_REQUEST_PREFIX = 'R#';
export const OPEN_SHARDS = 4;

export type Key = Record<string, string>;

export function sessionKey(sessionId: string): Key {
  return { pk: sessionId, sk: SESSION_SK };
}

export function requestKey(ref: RequestRef): Key {
  return { pk: ref.session_id, sk: `${REQUEST_SK_PREFIX}${ref.created_at}#${ref.request_id}` };
}

export function userPartition(clientId: string, userId: string): string {
  return `USER#${clientId}#${userId}`;
}

/** The UTC day of an ISO timestamp, as `YYYY-MM-DD`. */
export function dayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

export function dayPartition(day: string, entity: 'S' | 'R'): string {
  return `DAY#${day}#${entity}`;
}

export function openPartition(shard: number): string {
  return `OPEN#${shard}`;
}

/** Spreads open requests over a few partitions so no single partition takes every write. */
export function openShardOf(requestId: string): number {
  return createHash('sha256').update(requestId).digest()[0]! % OPEN_SHARDS;
}

/**
 * Open requests sort by lease expiry (epoch ms, zero-padded so strings sort like numbers); an unleased
 * request sorts as expired at 0, since no worker owns it.
 */
export function openSortKey(leaseExpiresAt: number | undefined, requestId: string): string {
  return `${leaseSortPrefix(leaseExpiresAt ?? 0)}#${requestId}`;
}

export function leaseSortPrefix(epochMs: number): string {
  return String(Math.max(0, Math.trunc(epochMs))).padStart(15, '0');
}

export function sessionIndexAttributes(session: SessionItem): Key {
  return {
    gsi_user_pk: userPartition(session.client_id, session.user_id),
    gsi_user_sk: `${USER_SESSION_PREFIX}${session.created_at}#${session.session_id}`,
    gsi_day_pk: dayPartition(dayOf(session.created_at), 'S'),
    gsi_day_sk: `${session.created_at}#${session.session_id}`,
  };
}

/** Index attributes of a request; the open_requests pair only while the request is unfinished. */
export function requestIndexAttributes(request: RequestItem): Key {
  const attributes: Key = {
    gsi_user_pk: userPartition(request.client_id, request.user_id),
    gsi_user_sk: `${USER_REQUEST_PREFIX}${request.created_at}#${request.request_id}`,
    gsi_day_pk: dayPartition(dayOf(request.created_at), 'R'),
    gsi_day_sk: `${request.created_at}#${request.request_id}`,
    gsi_req_pk: request.request_id,
  };
  if (isOpenStatus(request.status)) {
    attributes.gsi_open_pk = openPartition(openShardOf(request.request_id));
    attributes.gsi_open_sk = openSortKey(request.lease_expires_at, request.request_id);
  }
  return attributes;
}

export const OPEN_INDEX_ATTRIBUTES = ['gsi_open_pk', 'gsi_open_sk'] as const;
