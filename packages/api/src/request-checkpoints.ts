import type { JsonObject, OrchestratorRepository, RequestItem, RequestPatch } from '@talknshop/db';
import type { InputData } from './input-data';
import { type Lease, leaseFields } from './lease';
import type { WorkflowRecord } from './workflow/record';
import { statusOf } from './workflow/states';
import { storedRecord } from './workflow/stored-record';

export interface RequestCheckpointOptions {
  repo: OrchestratorRepository;
  lease: Lease;
  clock: () => Date;
  /** The request as last written: the base of the first checkpoint. */
  item: RequestItem;
  /** Written with every checkpoint when given (a clarify run adds the answer to it). */
  inputData?: InputData;
}

/**
 * Persists a request's workflow record with its status, state and lease. The item each write returns is
 * the base of the next one, so a checkpoint costs one write and no read; the write is conditional on the
 * version, so a request another instance has taken over is never overwritten (ConflictError).
 */
export function requestCheckpoints(options: RequestCheckpointOptions) {
  let latest = options.item;
  return {
    async checkpoint(record: WorkflowRecord): Promise<void> {
      latest = await options.repo.updateRequest(
        latest,
        latest.version,
        recordPatch(record, options.lease, options.clock(), options.inputData),
        latest,
      );
    },
    latest: (): RequestItem => latest,
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
    workflow_state: storedRecord(record),
    ...leaseFields(record.current, lease, now),
  };
}

/** Our records are plain JSON by construction (zod-parsed data, no class instances). */
function asJson<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}
