import type { Clients } from '@talknshop/clients';
import type { RankedProduct } from '@talknshop/contracts';
import {
  ConflictError,
  NotFoundError,
  type OrchestratorRepository,
  type RequestItem,
  type SessionItem,
} from '@talknshop/db';
import type { Lease } from '../lease';
import type { WorkflowObserver } from '../orchestration';
import { recordPatch, requestCheckpoints } from '../request-checkpoints';
import type { RequirementExtractor } from '../requirements';
import { sessionOutcome } from '../session-outcome';
import type { PolicyConfig } from '../workflow/decisions';
import { liveActivities } from '../workflow/live';
import type { WorkflowRecord } from '../workflow/record';
import { runWorkflow } from '../workflow/run';
import { workflowInput } from '../workflow-input';
import { countedInSession, decideRecovery, type RecoveryDecision } from './decision';

export interface RecoveryDeps {
  repo: OrchestratorRepository;
  clients: Clients;
  /** The extractor and policy live requests use: a resumed request decides as the original would have. */
  extractor: RequirementExtractor;
  policy: PolicyConfig;
  clock: () => Date;
  /** This instance's lease: claimed requests are held under it while they run. */
  lease: Lease;
  requestDeadlineMs: number;
  /** Takeovers after which a request is failed instead (default 3). */
  maxAttempts?: number;
  /** Requests looked at per pass at most (default 100); the next pass picks up the rest. */
  maxPerPass?: number;
  observer?: WorkflowObserver;
}

export interface RecoveryReport {
  /** Request ids resumed and run to their end (completed, failed or waiting for the shopper). */
  resumed: string[];
  /** Request ids marked FAILED because they could not be resumed. */
  failed: string[];
  /** Unfinished requests that are not stuck (waiting for the shopper, or still owned). */
  skipped: number;
  /** Requests another instance claimed first, or that changed under us. */
  lost: number;
  /** Requests whose recovery broke off (e.g. DynamoDB unavailable): their lease expires and a later pass retries. */
  errors: { request_id: string; message: string }[];
}

const PAGE_SIZE = 25;
const SESSION_WRITE_ATTEMPTS = 5;

/**
 * Crash recovery. A request holds a lease while it is processed and every checkpoint extends it; a lease
 * that ran out means the process died. Each pass lists the requests whose lease expired (from the sparse
 * open-requests index, by lease expiry), claims each with a conditional write on its version (a lost race
 * means another instance has it), then resumes it from its last persisted state with live activities, or
 * fails it with a reason. Requests waiting for the shopper are never listed (their lease is parked).
 */
export function createRecovery(deps: RecoveryDeps) {
  const maxAttempts = deps.maxAttempts ?? 3;
  const maxPerPass = deps.maxPerPass ?? 100;

  async function recoverExpired(options: { signal?: AbortSignal } = {}): Promise<RecoveryReport> {
    const report: RecoveryReport = { resumed: [], failed: [], skipped: 0, lost: 0, errors: [] };
    const now = deps.clock().getTime();
    let cursor: string | null = null;
    let seen = 0;
    do {
      const page = await deps.repo.listUnfinishedRequests({
        leaseExpiredBefore: now,
        limit: Math.min(PAGE_SIZE, maxPerPass - seen),
        cursor,
      });
      seen += page.items.length;
      await Promise.all(page.items.map((item) => recoverRequest(item, now, report)));
      cursor = page.cursor;
    } while (cursor && seen < maxPerPass && !options.signal?.aborted);
    return report;
  }

  async function recoverRequest(item: RequestItem, now: number, report: RecoveryReport): Promise<void> {
    const decision = decideRecovery(item, { now, leaseMs: deps.lease.ms, maxAttempts });
    if (decision.action === 'skip') {
      report.skipped += 1;
      return;
    }
    const claimed = await claim(item, decision.record, now, report);
    if (!claimed) return;
    let outcome: { record: WorkflowRecord; results: RankedProduct[] };
    if (decision.action === 'fail') {
      report.failed.push(item.request_id);
      // A replay is an operator's experiment: its session never hears of it.
      if (claimed.request_type === 'replay') return;
      outcome = { record: decision.record, results: [] };
    } else {
      try {
        outcome = await resume(claimed, decision);
      } catch (error) {
        // A conflict means another instance took the request over (our lease ran out under us).
        if (error instanceof ConflictError) report.lost += 1;
        else report.errors.push({ request_id: item.request_id, message: messageOf(error) });
        return;
      }
      report.resumed.push(item.request_id);
    }
    try {
      await settleSession(claimed, outcome.record, outcome.results, !countedInSession(decision.record));
    } catch (error) {
      report.errors.push({
        request_id: item.request_id,
        message: `finished, but its session was not updated: ${messageOf(error)}`,
      });
    }
  }

  /** The conditional write that takes the request over; null when another instance was first. */
  async function claim(
    item: RequestItem,
    record: WorkflowRecord,
    now: number,
    report: RecoveryReport,
  ): Promise<RequestItem | null> {
    try {
      return await deps.repo.updateRequest(
        item,
        item.version,
        recordPatch(record, deps.lease, new Date(now)),
        item,
      );
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) report.lost += 1;
      else report.errors.push({ request_id: item.request_id, message: messageOf(error) });
      return null;
    }
  }

  async function resume(claimed: RequestItem, decision: Extract<RecoveryDecision, { action: 'resume' }>) {
    const writer = requestCheckpoints({
      repo: deps.repo,
      lease: deps.lease,
      clock: deps.clock,
      item: claimed,
    });
    const activities = liveActivities({
      clients: deps.clients,
      media: decision.media,
      requestId: claimed.request_id,
      deadline: deps.clock().getTime() + deps.requestDeadlineMs,
      checkpoint: writer.checkpoint,
      now: deps.clock,
    });
    const startedAt = performance.now();
    const run = await runWorkflow(workflowInput(decision.input), decision.record, decision.input.answers, {
      activities,
      extractor: deps.extractor,
      policy: deps.policy,
    });
    deps.observer?.workflowFinished(run.record, 'recovery', (performance.now() - startedAt) / 1000);
    return run;
  }

  /**
   * Writes the request's outcome to its session, as a normal run's last step does. A new session's first
   * request creates it. A session that has moved on (another request finished after this one started) keeps
   * its conversation and only counts the request. Concurrent writers are retried a few times from a fresh read.
   */
  async function settleSession(
    request: RequestItem,
    record: WorkflowRecord,
    results: RankedProduct[],
    isNewRequest: boolean,
  ): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const session = await deps.repo.getSession(request.session_id);
        await writeSession(session, request, record, results, isNewRequest);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= SESSION_WRITE_ATTEMPTS) throw error;
      }
    }
  }

  async function writeSession(
    session: SessionItem | null,
    request: RequestItem,
    record: WorkflowRecord,
    results: RankedProduct[],
    isNewRequest: boolean,
  ): Promise<void> {
    if (!session) {
      const outcome = sessionOutcome(
        { requirements: null, request_count: 0 },
        request,
        record,
        results,
        true,
      );
      await deps.repo.createSession({
        session_id: request.session_id,
        user_id: request.user_id,
        client_id: request.client_id,
        ...outcome,
      });
      return;
    }
    const movedOn = session.last_request_id !== request.request_id && session.updated_at > request.created_at;
    if (!movedOn) {
      // A session already naming this request has counted it: its outcome was written alongside the last
      // checkpoint, which the crash then cut short.
      const counted = session.last_request_id === request.request_id;
      const outcome = sessionOutcome(session, request, record, results, isNewRequest && !counted);
      await deps.repo.updateSession(session.session_id, session.version, outcome, session);
    } else if (isNewRequest) {
      await deps.repo.updateSession(
        session.session_id,
        session.version,
        { request_count: session.request_count + 1 },
        session,
      );
    }
  }

  return { recoverExpired };
}

export type Recovery = ReturnType<typeof createRecovery>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
