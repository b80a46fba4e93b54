import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { WorkflowStateName } from './workflow/states';

/**
 * The lease a process holds on the requests it is working on: its owner id and how long each write
 * extends it. A lease that runs out means its owner died, and another instance may take the request over.
 */
export interface Lease {
  owner: string;
  ms: number;
}

/** Longer than the default request deadline (20 s), which bounds the downstream calls between two writes. */
export const DEFAULT_LEASE_MS = 30_000;

/**
 * A request waiting for the shopper has no owner, but its lease runs to the end of time: the open-requests
 * index sorts by lease expiry, so "expired before now" never reaches it and crash recovery's query skips
 * every parked request in its key condition, without reading one.
 */
export const AWAITING_SHOPPER_LEASE_EXPIRY = 999_999_999_999_999;

export interface LeaseFields {
  lease_owner: string | null;
  lease_expires_at: number | null;
}

/** What a write in `state` records about the lease: held while working, parked while waiting, gone at the end. */
export function leaseFields(state: WorkflowStateName, lease: Lease, now: Date): LeaseFields {
  switch (state) {
    case 'COMPLETED':
    case 'FAILED':
      return { lease_owner: null, lease_expires_at: null };
    case 'CLARIFICATION':
      return { lease_owner: null, lease_expires_at: AWAITING_SHOPPER_LEASE_EXPIRY };
    default:
      return { lease_owner: lease.owner, lease_expires_at: now.getTime() + lease.ms };
  }
}

/** A lease owner id that names the machine and process, unique per start. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}
