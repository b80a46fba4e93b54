import type { Clients } from '@talknshop/clients';
import type { MetricsStore, OrchestratorRepository, RequestItem } from '@talknshop/db';
import type { RequirementExtractor } from '../requirements';
import type { PolicyConfig } from '../workflow/decisions';
import { createLatencyReport } from './latency-report';
import { createReplayer, type ReplayCaller } from './replay';
import { createSessionAdmin } from './session-admin';
import type {
  LatencyOutput,
  LatencyWindow,
  LookupOutput,
  ReplayInput,
  ReplayOutput,
  SessionDetail,
  SessionListInput,
  SessionListOutput,
  StatusCounts,
  StatusCountsInput,
} from './wire';

export interface AdminDeps {
  repo: OrchestratorRepository;
  clients: Clients;
  /** The same extractor and policy objects the live orchestration uses (see `ReplayDeps`). */
  extractor: RequirementExtractor;
  policy: PolicyConfig;
  metrics: MetricsStore;
  clock: () => Date;
  requestDeadlineMs: number;
  newId?: () => string;
}

/** Everything behind the console's `admin.*` procedures. */
export interface AdminService {
  listSessions(input: SessionListInput): Promise<SessionListOutput>;
  countStatuses(input: StatusCountsInput): Promise<StatusCounts>;
  lookup(id: string): Promise<LookupOutput>;
  getSession(sessionId: string): Promise<SessionDetail>;
  /** A session's requests as stored (records still packed), oldest first: the live feed's polls. */
  sessionRequests(sessionId: string): Promise<RequestItem[]>;
  replay(input: ReplayInput, caller: ReplayCaller): Promise<ReplayOutput>;
  getReplay(requestId: string): Promise<ReplayOutput>;
  latency(window: LatencyWindow): Promise<LatencyOutput>;
}

export function createAdminService(deps: AdminDeps): AdminService {
  const sessions = createSessionAdmin(deps);
  const replayer = createReplayer(deps);
  const latency = createLatencyReport({
    metrics: deps.metrics,
    repo: deps.repo,
    breakerStates: () => deps.clients.breakerStates(),
    clock: deps.clock,
  });
  return {
    listSessions: sessions.list,
    countStatuses: sessions.counts,
    lookup: sessions.lookup,
    getSession: sessions.get,
    sessionRequests: sessions.requests,
    replay: replayer.replay,
    getReplay: replayer.get,
    latency,
  };
}
