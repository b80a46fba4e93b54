import type { MediaInput } from '@talknshop/contracts';
import { isOpenStatus, type RequestItem } from '@talknshop/db';
import { type InputData, InputDataSchema } from '../input-data';
import { failedRecord } from '../workflow/failed-record';
import { StoredWorkflowRecordSchema, type WorkflowRecord } from '../workflow/record';

/** The note a takeover leaves in the record's errors; counting them bounds how often a request is retried. */
export const LEASE_EXPIRED = 'LEASE_EXPIRED';

const MEDIA_KINDS = ['audio', 'image'] as const;

export type RecoveryFailureCode =
  | 'RECORD_UNREADABLE'
  | 'MEDIA_LOST'
  | 'REPLAY_INTERRUPTED'
  | 'RECOVERY_EXHAUSTED';

export type ResumeMedia = { audio?: MediaInput; image?: MediaInput };

export type RecoveryDecision =
  | { action: 'skip'; reason: string }
  | {
      action: 'resume';
      input: InputData;
      /** The stored record plus the takeover note: what the claim writes and the run starts from. */
      record: WorkflowRecord;
      /** Media to process again: only references (URLs) survive, inline bytes are never stored. */
      media: ResumeMedia;
    }
  | { action: 'fail'; code: RecoveryFailureCode; reason: string; record: WorkflowRecord };

/** Failures the shopper can do something about by sending the request again. */
const RETRYABLE = new Set<string>(['MEDIA_LOST', 'RECOVERY_EXHAUSTED']);

export interface RecoveryPolicy {
  /** Epoch ms. */
  now: number;
  leaseMs: number;
  /** Takeovers after which a request is failed rather than resumed again. */
  maxAttempts: number;
}

/**
 * What to do with an unfinished request found by the recovery query: leave it (finished, waiting for the
 * shopper, or still owned), resume it from its last persisted state with its recorded step results, or fail
 * it with a reason when it cannot be resumed. Pure: the stored item and the clock decide.
 */
export function decideRecovery(item: RequestItem, policy: RecoveryPolicy): RecoveryDecision {
  if (!isOpenStatus(item.status)) return { action: 'skip', reason: 'finished' };
  if (item.state === 'CLARIFICATION') return { action: 'skip', reason: 'waiting for the shopper' };
  if (item.lease_expires_at !== undefined && item.lease_expires_at > policy.now) {
    return { action: 'skip', reason: `leased by ${item.lease_owner ?? 'nobody'}` };
  }
  // Items written without a lease (replays, older versions) are presumed alive while recently written.
  if (item.lease_expires_at === undefined && Date.parse(item.updated_at) + policy.leaseMs > policy.now) {
    return { action: 'skip', reason: 'unleased but recently written' };
  }

  const at = new Date(policy.now);
  const input = InputDataSchema.safeParse(item.input_data);
  const stored = StoredWorkflowRecordSchema.safeParse(item.workflow_state);
  if (!input.success || !stored.success) {
    return fail('RECORD_UNREADABLE', 'the stored input or workflow record cannot be read', null, item, at);
  }
  const record = stored.data;
  if (item.request_type === 'replay') {
    return fail('REPLAY_INTERRUPTED', 'the replay was interrupted; run it again', record, item, at);
  }
  const attempts = record.errors.filter((error) => error.code === LEASE_EXPIRED).length;
  if (attempts >= policy.maxAttempts) {
    return fail(
      'RECOVERY_EXHAUSTED',
      `its process died ${attempts + 1} times; not resumed again`,
      record,
      item,
      at,
    );
  }

  let media: ResumeMedia = {};
  if (record.current === 'INITIAL' || record.current === 'MEDIA_PROCESSING') {
    const lost = MEDIA_KINDS.filter((kind) => input.data[kind] !== null && input.data[kind]?.url === null);
    if (lost.length > 0) {
      return fail(
        'MEDIA_LOST',
        `its process died before the inline ${lost.join(' and ')} was processed, and raw media is never stored; send it again`,
        record,
        item,
        at,
      );
    }
    media = mediaReferences(input.data);
  }
  return {
    action: 'resume',
    input: input.data,
    record: withNote(record, takeoverMessage(item, `resumed from ${record.current}`), at),
    media,
  };
}

/** A request that asked the shopper a question was counted in its session when it asked. */
export function countedInSession(record: WorkflowRecord): boolean {
  return record.clarifications.length > 0;
}

function mediaReferences(input: InputData): ResumeMedia {
  const media: ResumeMedia = {};
  for (const kind of MEDIA_KINDS) {
    const summary = input[kind];
    if (summary?.url) media[kind] = { content_type: summary.content_type, url: summary.url };
  }
  return media;
}

function takeoverMessage(item: RequestItem, outcome: string): string {
  const expiry =
    item.lease_expires_at === undefined ? 'unleased' : new Date(item.lease_expires_at).toISOString();
  return `lease of ${item.lease_owner ?? 'no owner'} expired (${expiry}); ${outcome}`;
}

function withNote(record: WorkflowRecord, message: string, at: Date): WorkflowRecord {
  const next = structuredClone(record);
  next.errors.push({ state: record.current, code: LEASE_EXPIRED, message, at: at.toISOString() });
  return next;
}

function fail(
  code: RecoveryFailureCode,
  reason: string,
  record: WorkflowRecord | null,
  item: RequestItem,
  at: Date,
): RecoveryDecision {
  const base = record ?? minimalRecord(item);
  return {
    action: 'fail',
    code,
    reason,
    record: failedRecord(
      withNote(base, takeoverMessage(item, `failed: ${reason}`), at),
      { code, message: reason, retryable: RETRYABLE.has(code) },
      at,
    ),
  };
}

/** Stands in for a record that cannot be read: the request's own state, and nothing else. */
function minimalRecord(item: RequestItem): WorkflowRecord {
  return {
    current: item.state,
    history: [{ state: item.state, entered_at: item.updated_at, left_at: null, duration_ms: null }],
    steps: {
      transcript: null,
      image_attributes: null,
      requirements: null,
      search: null,
      ranking: null,
      reply: null,
    },
    clarifications: [],
    activities: [],
    calls: [],
    errors: [],
    degraded: [],
    failure: null,
  };
}
