import { InvalidCursorError, MAX_COUNT_RANGE_DAYS, type OrchestratorRepository } from '@talknshop/db';
import { ApiError } from '../errors';
import { allRequests } from '../events/session-stream';
import { toSessionDetail, toSessionRow } from './session-views';
import type {
  LookupOutput,
  SessionDetail,
  SessionListInput,
  SessionListOutput,
  StatusCounts,
  StatusCountsInput,
} from './wire';

export interface SessionAdminDeps {
  repo: OrchestratorRepository;
  clock: () => Date;
}

const DAY_MS = 86_400_000;

/** The console's read-only views of sessions and requests, straight from the repository. */
export function createSessionAdmin(deps: SessionAdminDeps) {
  const { repo } = deps;

  return {
    async list(input: SessionListInput): Promise<SessionListOutput> {
      try {
        const page = await repo.listSessions(
          {
            user_id: input.user_id,
            status: input.status,
            state: input.state,
            request_type: input.request_type,
            from: input.from,
            to: input.to,
          },
          { limit: input.limit, cursor: input.cursor ?? null },
        );
        return { items: page.items.map(toSessionRow), cursor: page.cursor };
      } catch (error) {
        if (error instanceof InvalidCursorError) {
          throw new ApiError('INVALID_INPUT', error.message, {
            issues: [{ field: 'cursor', message: error.message }],
            cause: error,
          });
        }
        throw error;
      }
    },

    /** Sessions created in [from, to) by status; the last 24 hours unless told otherwise. */
    async counts(input: StatusCountsInput): Promise<StatusCounts> {
      const to = input.to ?? deps.clock().toISOString();
      const from = input.from ?? new Date(Date.parse(to) - DAY_MS).toISOString();
      const span = Date.parse(to) - Date.parse(from);
      if (span <= 0 || span > MAX_COUNT_RANGE_DAYS * DAY_MS) {
        const message = `must be before to, and at most ${MAX_COUNT_RANGE_DAYS} days before it`;
        throw new ApiError('INVALID_INPUT', `from ${message}`, { issues: [{ field: 'from', message }] });
      }
      return repo.countSessionsByStatus({ from, to });
    },

    /** A session id or a request id, resolved to where it lives. */
    async lookup(id: string): Promise<LookupOutput> {
      const session = await repo.getSession(id);
      if (session) return { kind: 'session', session_id: session.session_id, request_id: null };
      const request = await repo.findRequest(id);
      if (request) return { kind: 'request', session_id: request.session_id, request_id: request.request_id };
      throw new ApiError('NOT_FOUND', `no session or request has the id ${id}`);
    },

    /** A session with every one of its requests (replays included), oldest first, as stored. */
    async get(sessionId: string): Promise<SessionDetail> {
      const session = await repo.getSession(sessionId);
      if (!session) {
        throw new ApiError('SESSION_NOT_FOUND', `session ${sessionId} not found`, { sessionId });
      }
      return toSessionDetail(session, await allRequests(repo, sessionId));
    },

    /** A session's requests as stored, undecoded: what the live feed polls. */
    requests: (sessionId: string) => allRequests(repo, sessionId),
  };
}

export type SessionAdmin = ReturnType<typeof createSessionAdmin>;
