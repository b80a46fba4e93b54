import type {
  AppendRequestInput,
  JsonObject,
  OrchestratorRepository,
  RequestItem,
  RequestPatch,
} from '@talknshop/db';
import type { InputData } from './input-data';
import { type Lease, leaseFields } from './lease';
import type { WorkflowRecord } from './workflow/record';
import { statusOf } from './workflow/states';
import { storedRecord } from './workflow/stored-record';

/** A request not stored yet: its first checkpoint creates it, with this arrival time in its key. */
export interface RequestDraft extends Omit<AppendRequestInput, 'created_at'> {
  created_at: string;
}

export interface RequestCheckpointOptions {
  repo: OrchestratorRepository;
  lease: Lease;
  clock: () => Date;
  /** The request as last written (the base of the first checkpoint), or a draft the first one creates. */
  item: RequestItem | RequestDraft;
  /** Written with the first checkpoint when given (a clarify run adds the answer to it). */
  inputData?: InputData;
}

export interface RequestCheckpoints {
  checkpoint(record: WorkflowRecord): Promise<void>;
  /** The request as last written; null while it is a draft. */
  latest(): RequestItem | null;
}

/**
 * Persists a request's workflow record with its status, state and lease. The item each write returns is
 * the base of the next one, so a checkpoint costs one write and no read; the write is conditional (on the
 * version, or on the request not existing yet for a draft), so a request another instance has taken over is
 * never overwritten (ConflictError).
 */
export function requestCheckpoints(options: RequestCheckpointOptions): RequestCheckpoints {
  const first = options.item;
  let latest: RequestItem | null = isStored(first) ? first : null;
  let inputData = options.inputData;
  return {
    async checkpoint(record: WorkflowRecord): Promise<void> {
      const patch = recordPatch(record, options.lease, options.clock(), inputData);
      if (latest) latest = await options.repo.updateRequest(latest, latest.version, patch, latest);
      else if (!isStored(first)) latest = await options.repo.appendRequest(draftWith(first, patch));
      // Stored: the run's later checkpoints leave it as it is.
      inputData = undefined;
    },
    latest: () => latest,
  };
}

function isStored(item: RequestItem | RequestDraft): item is RequestItem {
  return 'version' in item;
}

function draftWith(draft: RequestDraft, patch: RequestPatch): AppendRequestInput {
  const { lease_owner, lease_expires_at, ...fields } = patch;
  return {
    ...draft,
    ...fields,
    ...(lease_owner != null ? { lease_owner } : {}),
    ...(lease_expires_at != null ? { lease_expires_at } : {}),
  };
}

export function recordPatch(
  record: WorkflowRecord,
  lease: Lease,
  now: Date,
  inputData?: InputData,
): RequestPatch {
  return {
    status: statusOf(record.current),
    state: record.current,
    ...(inputData ? { input_data: asJson(inputData) } : {}),
    ...leaseFields(record.current, lease, now),
    workflow_state: storedRecord(record),
  };
}

/** Our records are plain JSON by construction (zod-parsed data, no class instances). */
function asJson<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}
