import { randomUUID } from 'node:crypto';
import type { Clients } from '@talknshop/clients';
import {
  type RankedProduct,
  type Requirements,
  RequirementsSchema,
  type SearchFilters,
} from '@talknshop/contracts';
import {
  ConflictError,
  type JsonObject,
  type OrchestratorRepository,
  type RequestItem,
  type SessionItem,
} from '@talknshop/db';
import { ApiError } from './errors';
import { sessionEvents } from './events/session-stream';
import type { PositionedEvent } from './events/workflow-events';
import { buildInputData, type InputData, InputDataSchema } from './input-data';
import { DEFAULT_LEASE_MS, type Lease, newLeaseOwner } from './lease';
import { type RequestDraft, recordPatch, requestCheckpoints } from './request-checkpoints';
import type { RequirementExtractor } from './requirements';
import { sessionOutcome } from './session-outcome';
import type {
  ChatInput,
  ClarifyInput,
  RequestSummary,
  SearchInput,
  SessionView,
  StructuredAnswers,
  WorkflowResponse,
} from './wire';
import type { PolicyConfig } from './workflow/decisions';
import { failedRecord, undelivered } from './workflow/failed-record';
import { liveActivities } from './workflow/live';
import {
  type Answer,
  newRecord,
  pendingClarification,
  StoredWorkflowRecordSchema,
  type WorkflowRecord,
} from './workflow/record';
import { runWorkflow } from './workflow/run';
import { workflowInput } from './workflow-input';

export interface OrchestrationDeps {
  repo: OrchestratorRepository;
  clients: Clients;
  extractor: RequirementExtractor;
  policy: PolicyConfig;
  clock: () => Date;
  newId?: () => string;
  /** Longest a request may spend on downstream calls. */
  requestDeadlineMs: number;
  /** How often a live event stream looks for new progress. */
  eventPollMs?: number;
  /** Told about every workflow run (metrics); never affects the outcome. */
  observer?: WorkflowObserver;
  /** This instance's lease on the requests it processes (default: a fresh owner, 30 s). */
  lease?: Lease;
}

export interface WorkflowObserver {
  workflowFinished(record: WorkflowRecord, requestType: string, seconds: number): void;
}

/** Who is asking: the API client (from its key) and the request's ids for tracing. */
export interface CallerContext {
  clientId: string;
  requestId: string;
  traceparent?: string | undefined;
  signal?: AbortSignal | undefined;
}

interface Started {
  session: SessionItem;
  request: RequestItem | RequestDraft;
  record: WorkflowRecord;
}

export function createOrchestration(deps: OrchestrationDeps) {
  const newId = deps.newId ?? randomUUID;
  const lease: Lease = deps.lease ?? { owner: newLeaseOwner(), ms: DEFAULT_LEASE_MS };

  async function ownedSession(
    sessionId: string,
    userId: string | undefined,
    clientId: string,
  ): Promise<SessionItem> {
    const session = await deps.repo.getSession(sessionId);
    // Another client's or another user's session is indistinguishable from a missing one.
    if (!session || session.client_id !== clientId || (userId !== undefined && session.user_id !== userId)) {
      throw new ApiError('SESSION_NOT_FOUND', `session ${sessionId} not found`, { sessionId });
    }
    return session;
  }

  async function openSession(
    kind: 'search' | 'chat',
    sessionId: string | undefined,
    userId: string,
    caller: CallerContext,
  ) {
    if (sessionId) return ownedSession(sessionId, userId, caller.clientId);
    return draftSession(newId(), userId, caller.clientId, kind, deps.clock());
  }

  /** Runs (or resumes) a request's workflow, checkpointing every persisted transition with its version. */
  async function execute(
    started: Started,
    inputData: InputData,
    media: { audio?: SearchInput['audio']; image?: SearchInput['image'] },
    caller: CallerContext,
    isNewRequest: boolean,
  ) {
    const checkpoints = requestCheckpoints({
      repo: deps.repo,
      lease,
      clock: deps.clock,
      item: started.request,
      inputData,
    });
    const activities = liveActivities({
      clients: deps.clients,
      media,
      requestId: started.request.request_id,
      traceparent: caller.traceparent,
      signal: caller.signal,
      deadline: deps.clock().getTime() + deps.requestDeadlineMs,
      checkpoint: checkpoints.checkpoint,
      now: deps.clock,
    });
    const startedAt = performance.now();
    // A new session's first request writes the session as soon as the run's outcome is settled (while compose
    // words a completed run's reply, otherwise alongside the last checkpoint): nobody can name the session
    // before that answer, so no other request finishes on it in between, and recovery, finding it already
    // naming the request after a crash before the request's last checkpoint, does not count the request
    // again. Everywhere else the request's write goes first: of two answers to one question, its conditional
    // write picks the winner. Either way a session only ever names a request that is stored, so a request
    // whose last checkpoint is also its first (a question asked before any downstream call) is written first.
    const together = isDraft(started.session);
    const settlement: { pending?: Promise<SessionItem | ConflictError> } = {};
    const settle = (last: WorkflowRecord, results: RankedProduct[]) =>
      finishSession(started.session, started.request, last, results, isNewRequest).catch((error: unknown) => {
        if (error instanceof ConflictError) return error;
        throw error;
      });
    const run = await runWorkflow(workflowInput(inputData), started.record, inputData.answers, {
      activities,
      extractor: deps.extractor,
      policy: deps.policy,
      ...(together
        ? {
            outcomeSettled: async (last: WorkflowRecord, results: RankedProduct[], stored: Promise<void>) => {
              // `latest` tells whether the request is stored yet: if not, its first write must land first.
              if (!checkpoints.latest()) await stored;
              settlement.pending = settle(last, results);
              await settlement.pending;
            },
          }
        : {}),
    });
    const session = await (settlement.pending ?? settle(run.record, run.results));
    deps.observer?.workflowFinished(
      run.record,
      started.request.request_type,
      (performance.now() - startedAt) / 1000,
    );
    if (session instanceof ConflictError) {
      const stored = checkpoints.latest();
      if (stored && run.record.current !== 'FAILED') await recordUndelivered(stored, run.record);
      throw session;
    }
    return respond(session, started.request, run.record, run.results);
  }

  /**
   * The session moved on while this request ran (a concurrent request won the session write), so its outcome
   * never reached the shopper, who is told to retry (409). The request is stored as what it was to them:
   * failed and retryable. The 409 goes out whatever happens here; if this write fails too, the request keeps
   * the outcome it had.
   */
  async function recordUndelivered(item: RequestItem, record: WorkflowRecord): Promise<void> {
    const now = deps.clock();
    const failed = undelivered(
      record,
      {
        code: 'CONFLICT',
        message: 'the session was updated concurrently; retry the request',
        retryable: true,
      },
      now,
    );
    await deps.repo
      .updateRequest(item, item.version, recordPatch(failed, lease, now), item)
      .catch(() => undefined);
  }

  async function finishSession(
    session: SessionItem,
    request: RequestItem | RequestDraft,
    record: WorkflowRecord,
    results: RankedProduct[],
    isNewRequest: boolean,
  ): Promise<SessionItem> {
    const outcome = sessionOutcome(session, request, record, results, isNewRequest);
    // A new session is written once, when its first request is done: nobody can name it before that.
    if (isDraft(session)) {
      return deps.repo.createSession({
        session_id: session.session_id,
        user_id: session.user_id,
        client_id: session.client_id,
        ...outcome,
      });
    }
    return deps.repo.updateSession(session.session_id, session.version, outcome, session);
  }

  function respond(
    session: SessionItem,
    request: Pick<RequestItem, 'request_id'>,
    record: WorkflowRecord,
    results: RankedProduct[],
  ): WorkflowResponse {
    if (record.current === 'FAILED') {
      const failure = record.failure;
      const timeout = failure?.code === 'TIMEOUT';
      throw new ApiError(
        timeout ? 'DOWNSTREAM_TIMEOUT' : 'DOWNSTREAM_UNAVAILABLE',
        `${failure?.service ?? 'a downstream service'} failed: ${failure?.message ?? 'unknown error'}`,
        {
          sessionId: session.session_id,
          requestId: request.request_id,
          retryable: true,
          retryAfterSeconds: 5,
        },
      );
    }
    const pending = pendingClarification(record);
    return {
      session_id: session.session_id,
      request_id: request.request_id,
      status: pending ? 'awaiting_clarification' : 'completed',
      state: record.current,
      requirements: record.steps.requirements ?? RequirementsSchema.parse(emptyRequirements()),
      clarification: pending
        ? { question: pending.question, field: pending.field, suggestions: pending.suggestions }
        : null,
      results: results.map((p) => ({
        product_id: p.product_id,
        title: p.title,
        brand: p.brand,
        price: p.price,
        currency: p.currency,
        rating: p.rating,
        image_url: p.image_url,
        url: p.url,
        score: p.score,
        why_ranked: p.why_ranked,
      })),
      reply: record.steps.reply,
      degraded: record.degraded,
    };
  }

  async function start(
    kind: 'search' | 'chat',
    input: { user_id: string; session_id?: string | undefined; text: string | null } & Pick<
      SearchInput,
      'audio' | 'image'
    > & { filters?: SearchFilters | undefined; limit: number },
    caller: CallerContext,
  ) {
    const session = await openSession(kind, input.session_id, input.user_id, caller);
    await closeUnansweredQuestion(session);
    const inputData = buildInputData({
      kind,
      text: input.text,
      audio: input.audio,
      image: input.image,
      filters: input.filters,
      limit: input.limit,
      previous: session.requirements ? RequirementsSchema.parse(session.requirements) : null,
      lastPrices: session.last_prices,
      lastCursor: session.last_cursor,
    });
    const now = deps.clock();
    // Not written yet: the first checkpoint creates it, while that state's downstream calls run.
    const request: RequestDraft = {
      session_id: session.session_id,
      request_id: caller.requestId,
      user_id: input.user_id,
      client_id: caller.clientId,
      request_type: kind,
      input_data: asJson(inputData),
      created_at: now.toISOString(),
    };
    return execute(
      { session, request, record: newRecord(now) },
      inputData,
      { audio: input.audio, image: input.image },
      caller,
      true,
    );
  }

  /**
   * A new request on a session whose question is still pending (a new search, or a chat carrying media)
   * takes the conversation elsewhere: the new request's outcome replaces the pending question, so the old
   * request could never be answered. It is closed as FAILED (SUPERSEDED) first, rather than left pending
   * for good. Losing a race to an answer of that question is fine: then it was answered.
   */
  async function closeUnansweredQuestion(session: SessionItem): Promise<void> {
    const pending = session.pending_clarification as { request_id: string; created_at: string } | null;
    if (!pending) return;
    const request = await deps.repo.getRequest({
      session_id: session.session_id,
      request_id: pending.request_id,
      created_at: pending.created_at,
    });
    if (request?.status !== 'pending' || request.state !== 'CLARIFICATION') return;
    const now = deps.clock();
    const closed = failedRecord(
      StoredWorkflowRecordSchema.parse(request.workflow_state),
      {
        code: 'SUPERSEDED',
        message: 'the shopper started a new request instead of answering',
        retryable: false,
      },
      now,
    );
    try {
      await deps.repo.updateRequest(request, request.version, recordPatch(closed, lease, now), request);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  async function answer(
    session: SessionItem,
    reply: Answer,
    caller: CallerContext,
  ): Promise<WorkflowResponse> {
    const pending = session.pending_clarification as { request_id: string; created_at: string } | null;
    if (!pending) {
      throw new ApiError('NOTHING_TO_CLARIFY', `session ${session.session_id} has no pending clarification`, {
        sessionId: session.session_id,
        requestId: caller.requestId,
      });
    }
    const request = await deps.repo.getRequest({
      session_id: session.session_id,
      request_id: pending.request_id,
      created_at: pending.created_at,
    });
    if (request?.status === 'processing') {
      // Another answer to this question is being worked on: the session still names it as pending.
      throw new ApiError(
        'CONFLICT',
        'another answer to this question is being processed; retry the request',
        {
          sessionId: session.session_id,
          requestId: pending.request_id,
          retryable: true,
        },
      );
    }
    if (request?.state !== 'CLARIFICATION') {
      throw new ApiError('NOTHING_TO_CLARIFY', 'the clarification was already answered', {
        sessionId: session.session_id,
        requestId: pending.request_id,
      });
    }
    const stored = InputDataSchema.parse(request.input_data);
    const inputData: InputData = { ...stored, answers: [...stored.answers, reply] };
    return execute(
      { session, request, record: StoredWorkflowRecordSchema.parse(request.workflow_state) },
      inputData,
      {},
      caller,
      false,
    );
  }

  return {
    search(input: SearchInput, caller: CallerContext): Promise<WorkflowResponse> {
      return guardConflicts(() =>
        start('search', { ...input, text: input.query ?? null, limit: input.limit }, caller),
      );
    },

    async chat(input: ChatInput, caller: CallerContext): Promise<WorkflowResponse> {
      return guardConflicts(async () => {
        if (input.session_id) {
          const session = await ownedSession(input.session_id, input.user_id, caller.clientId);
          // A message sent while a question is pending is the answer to it. If the question can no longer be
          // answered (answered meanwhile, or closed when a new request was being started), the message is a
          // new turn like any other.
          if (session.pending_clarification && !input.audio && !input.image) {
            try {
              return await answer(session, { text: input.message }, caller);
            } catch (error) {
              if (!(error instanceof ApiError && error.code === 'NOTHING_TO_CLARIFY')) throw error;
            }
          }
        }
        return start('chat', { ...input, text: input.message, limit: 10 }, caller);
      });
    },

    async clarify(input: ClarifyInput, caller: CallerContext): Promise<WorkflowResponse> {
      return guardConflicts(async () => {
        const session = await ownedSession(input.session_id, input.user_id, caller.clientId);
        return answer(session, toAnswer(input.answer, input.answers), caller);
      });
    },

    /** Checks ownership first (404 like a missing session), then follows the session's workflow events. */
    async openEventStream(
      input: { session_id: string; user_id?: string | undefined },
      caller: CallerContext,
      options: { lastEventId?: string | null | undefined; signal: AbortSignal },
    ): Promise<AsyncGenerator<PositionedEvent>> {
      await ownedSession(input.session_id, input.user_id, caller.clientId);
      return sessionEvents({
        repo: deps.repo,
        sessionId: input.session_id,
        lastEventId: options.lastEventId,
        pollMs: deps.eventPollMs ?? 400,
        signal: options.signal,
      });
    },

    async getSession(
      input: { session_id: string; user_id?: string | undefined },
      caller: CallerContext,
    ): Promise<SessionView> {
      const session = await ownedSession(input.session_id, input.user_id, caller.clientId);
      const page = await deps.repo.listSessionRequests(session.session_id, { limit: 100, order: 'asc' });
      const pending = session.pending_clarification as {
        request_id: string;
        question: string;
        field: string;
        suggestions: string[];
      } | null;
      return {
        session_id: session.session_id,
        user_id: session.user_id,
        created_at: session.created_at,
        updated_at: session.updated_at,
        requirements: session.requirements ? RequirementsSchema.parse(session.requirements) : null,
        pending_clarification: pending
          ? {
              request_id: pending.request_id,
              question: pending.question,
              field: pending.field,
              suggestions: pending.suggestions,
            }
          : null,
        // Replays are operators' experiments: the shopper never sees them.
        requests: page.items.filter((item) => item.request_type !== 'replay').map(summarizeRequest),
      };
    },
  };
}

export type Orchestration = ReturnType<typeof createOrchestration>;

/** Our records are plain JSON by construction (zod-parsed data, no class instances). */
function asJson<T extends object>(value: T): JsonObject {
  return value as unknown as JsonObject;
}

function toAnswer(text: string | undefined, fields: StructuredAnswers | undefined): Answer {
  return { ...(text !== undefined ? { text } : {}), ...(fields !== undefined ? { fields } : {}) };
}

/** A lost optimistic-locking race is the caller's to retry, never a silent overwrite. */
async function guardConflicts<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new ApiError('CONFLICT', 'the session was updated concurrently; retry the request', {
        retryable: true,
        cause: error,
      });
    }
    throw error;
  }
}

/** A session not stored yet (version 0): it is created by the first request's final write. */
function draftSession(
  sessionId: string,
  userId: string,
  clientId: string,
  kind: 'search' | 'chat',
  now: Date,
): SessionItem {
  const at = now.toISOString();
  return {
    pk: sessionId,
    sk: 'SESSION',
    entity: 'session',
    session_id: sessionId,
    user_id: userId,
    client_id: clientId,
    requirements: null,
    pending_clarification: null,
    status: 'pending',
    state: 'INITIAL',
    request_type: kind,
    last_request_id: null,
    request_count: 0,
    last_prices: [],
    last_cursor: null,
    created_at: at,
    updated_at: at,
    version: 0,
    expires_at: 0,
  };
}

function isDraft(session: SessionItem): boolean {
  return session.version === 0;
}

function emptyRequirements(): Requirements {
  return {
    product_type: null,
    keywords: [],
    attributes: {},
    price: null,
    brands: [],
    rating_min: null,
    condition: null,
  };
}

export function summarizeRequest(item: RequestItem): RequestSummary {
  const input = InputDataSchema.safeParse(item.input_data);
  const record = StoredWorkflowRecordSchema.safeParse(item.workflow_state);
  const data = input.success ? input.data : null;
  const wf = record.success ? record.data : null;
  const pending = wf ? pendingClarification(wf) : null;
  const media = (m: InputData['audio']) =>
    m ? { content_type: m.content_type, bytes: m.bytes, sha256: m.sha256 } : null;
  return {
    request_id: item.request_id,
    request_type: item.request_type,
    status: item.status,
    state: item.state,
    created_at: item.created_at,
    updated_at: item.updated_at,
    input: {
      text: data?.text ?? null,
      audio: media(data?.audio ?? null),
      image: media(data?.image ?? null),
      answers: data?.answers ?? [],
    },
    result: {
      product_ids: wf?.steps.ranking?.map((r) => r.product_id) ?? [],
      reply: wf?.steps.reply ?? null,
      clarification: pending
        ? { question: pending.question, field: pending.field, suggestions: pending.suggestions }
        : null,
      error: wf?.failure ? { code: wf.failure.code, message: wf.failure.message } : null,
      degraded: wf?.degraded ?? [],
    },
  };
}
