import { randomUUID } from 'node:crypto';
import type { Clients } from '@talknshop/clients';
import type { JsonObject, OrchestratorRepository, RequestItem } from '@talknshop/db';
import { ApiError } from '../errors';
import { type InputData, InputDataSchema } from '../input-data';
import type { RequirementExtractor } from '../requirements';
import { type Activities, ReplayDivergenceError, recordedActivities } from '../workflow/activities';
import type { PolicyConfig } from '../workflow/decisions';
import { failedRecord } from '../workflow/failed-record';
import { liveActivities } from '../workflow/live';
import {
  type ActivityRecord,
  newRecord,
  StoredWorkflowRecordSchema,
  type WorkflowRecord,
} from '../workflow/record';
import { runWorkflow } from '../workflow/run';
import { type RequestStatus, statusOf, type WorkflowStateName } from '../workflow/states';
import { storedRecord } from '../workflow/stored-record';
import { workflowInput } from '../workflow-input';
import { diffReplay } from './replay-diff';
import { toRequestDetail } from './session-views';
import type { ReplayInput, ReplayMode, ReplayOutput } from './wire';

export interface ReplayDeps {
  repo: OrchestratorRepository;
  clients: Clients;
  /** The very extractor and policy live requests use: a recorded replay must decide as they do. */
  extractor: RequirementExtractor;
  policy: PolicyConfig;
  clock: () => Date;
  /** Longest a live replay may spend on downstream calls. */
  requestDeadlineMs: number;
  newId?: () => string;
}

export interface ReplayCaller {
  traceparent?: string | undefined;
}

/** What a replay item adds to a copy of the original's input_data. */
export interface ReplayMarker {
  mode: ReplayMode;
  of: string;
}

/**
 * Replays of stored requests. A replay is a new request item (`request_type: 'replay'`, `replay_of` the
 * original) in the original's session partition; the original and the session item are never written.
 *
 * - recorded: today's decisions over the original's recorded downstream outcomes, no network at all;
 * - live: the recorded media outcomes (raw media is never stored, so it cannot be sent again), then
 *   search, rank and compose called for real, under the replay's own request id and deadline.
 */
export function createReplayer(deps: ReplayDeps) {
  const newId = deps.newId ?? randomUUID;

  async function findRequest(requestId: string, what: string): Promise<RequestItem> {
    const item = await deps.repo.findRequest(requestId);
    if (!item) throw new ApiError('NOT_FOUND', `${what} ${requestId} not found`, { requestId });
    return item;
  }

  function storedRun(item: RequestItem): { input: InputData; record: WorkflowRecord } {
    const input = InputDataSchema.safeParse(item.input_data);
    const record = StoredWorkflowRecordSchema.safeParse(item.workflow_state);
    if (!input.success || !record.success) {
      throw new ApiError('UNPROCESSABLE', `request ${item.request_id} has no replayable record`, {
        requestId: item.request_id,
      });
    }
    return { input: input.data, record: record.data };
  }

  function output(replay: RequestItem, original: RequestItem): ReplayOutput {
    return {
      replay: toRequestDetail(replay),
      original: toRequestDetail(original),
      diff: diffReplay(storedRun(original).record, storedRun(replay).record),
    };
  }

  async function replay(input: ReplayInput, caller: ReplayCaller): Promise<ReplayOutput> {
    const original = await findRequest(input.request_id, 'request');
    const stored = storedRun(original);
    const start = deps.clock();
    const replayId = newId();
    const marker: ReplayMarker = { mode: input.mode, of: original.request_id };
    let item = await deps.repo.appendRequest({
      session_id: original.session_id,
      request_id: replayId,
      user_id: original.user_id,
      client_id: original.client_id,
      request_type: 'replay',
      replay_of: original.request_id,
      state: 'INITIAL',
      input_data: { ...original.input_data, replay: asJson(marker) },
      workflow_state: storedRecord(newRecord(start)),
    });
    let saved = newRecord(start);
    const checkpoint = async (record: WorkflowRecord) => {
      // Each write returns the item the next one starts from, so a checkpoint is one write, no read.
      const workflowState = storedRecord(record);
      item = await deps.repo.updateRequest(
        item,
        item.version,
        { status: replayStatus(record.current), state: record.current, workflow_state: workflowState },
        item,
      );
      saved = structuredClone(record);
    };
    const activities =
      input.mode === 'recorded'
        ? recordedActivities(inCallOrder(stored.record.activities), { checkpoint, now: deps.clock })
        : liveReplayActivities(stored.record.activities, replayId, caller, checkpoint);
    try {
      await runWorkflow(workflowInput(stored.input), newRecord(start), stored.input.answers, {
        activities,
        extractor: deps.extractor,
        policy: deps.policy,
      });
    } catch (error) {
      const diverged = error instanceof ReplayDivergenceError;
      await checkpoint(
        failed(saved, diverged ? 'REPLAY_DIVERGED' : 'REPLAY_ERROR', errorMessage(error), deps.clock()),
      );
      if (!diverged) throw error;
    }
    return output(item, original);
  }

  function liveReplayActivities(
    recorded: readonly ActivityRecord[],
    requestId: string,
    caller: ReplayCaller,
    checkpoint: (record: WorkflowRecord) => Promise<void>,
  ): Activities {
    const live = liveActivities({
      clients: deps.clients,
      media: {},
      requestId,
      traceparent: caller.traceparent,
      deadline: deps.clock().getTime() + deps.requestDeadlineMs,
      checkpoint,
      now: deps.clock,
    });
    const media = inCallOrder(recorded.filter((a) => a.name === 'transcribe' || a.name === 'extractImage'));
    return recordedActivities(
      media,
      { checkpoint, now: deps.clock },
      { search: live.search, rank: live.rank, compose: live.compose },
    );
  }

  return {
    replay,

    /** A stored replay beside its original, the diff recomputed from both items. */
    async get(requestId: string): Promise<ReplayOutput> {
      const item = await findRequest(requestId, 'replay');
      if (item.request_type !== 'replay' || !item.replay_of) {
        throw new ApiError('NOT_FOUND', `${requestId} is not a replay`, { requestId });
      }
      return output(item, await findRequest(item.replay_of, 'original request'));
    },
  };
}

export type Replayer = ReturnType<typeof createReplayer>;

/**
 * The workflow records each activity when it completes, and runs transcription and image analysis
 * concurrently, so a recording may list them in the order they finished. Replays serve recordings in the
 * order the workflow asks, which is transcription first.
 */
export function inCallOrder(activities: readonly ActivityRecord[]): ActivityRecord[] {
  const [first, second, ...rest] = activities;
  if (first?.name === 'extractImage' && second?.name === 'transcribe') return [second, first, ...rest];
  return [...activities];
}

/**
 * A replay never waits for the shopper: one that stops at a clarification question is finished, not
 * pending, and so never looks like an unfinished request to recover.
 */
function replayStatus(state: WorkflowStateName): RequestStatus {
  return state === 'CLARIFICATION' ? 'completed' : statusOf(state);
}

/** The last saved record, failed: where the replay stopped is part of what the diff shows. */
function failed(record: WorkflowRecord, code: string, message: string, now: Date): WorkflowRecord {
  const next = failedRecord(record, { code, message, retryable: false }, now);
  next.errors.push({ state: record.current, code, message, at: now.toISOString() });
  return next;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Our records are plain JSON by construction (zod-parsed data, no class instances). */
function asJson<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}
