import { API_HEADERS, operatorCookie, trpcQueryPath } from '../load/orchestrator-api';
import { type LoadResult, runLoad } from '../load/run-load';
import { type SessionSeeder, seededSession } from './seed-sessions';

export interface GrowthScale {
  levels: number[];
  /** Once, before the smallest level: the orchestrator has served nothing yet when growth is measured. */
  initialWarmupSeconds: number;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface GrowthLevel {
  sessions: number;
  seedSeconds: number;
  list: LoadResult;
  get: LoadResult;
}

export interface GrowthRatio {
  /** Largest level ÷ smallest level. */
  throughput: number;
  p99: number;
}

export interface GrowthResults {
  list: string;
  get: string;
  seeding: string;
  levels: GrowthLevel[];
  listRatio: GrowthRatio;
  getRatio: GrowthRatio;
  targets: { minThroughputRatio: number; maxP99Ratio: number };
}

/** The console's first page: no filters, 25 sessions, newest first. */
const CONSOLE_PAGE = { limit: 25, cursor: null };

/** Listing and reading sessions at growing table sizes; queries must not care how many sessions exist. */
export async function measureGrowth(
  orchestratorUrl: string,
  operator: { username: string; password: string },
  seeder: SessionSeeder,
  scale: GrowthScale,
): Promise<GrowthResults> {
  const cookie = await operatorCookie(orchestratorUrl, operator);
  const listPath = trpcQueryPath('admin.sessions.list', CONSOLE_PAGE);
  const levels: GrowthLevel[] = [];
  for (const sessions of [...scale.levels].sort((a, b) => a - b)) {
    const started = performance.now();
    await seeder.seedUpTo(sessions);
    const seedSeconds = (performance.now() - started) / 1000;
    await checkLevel(orchestratorUrl, listPath, cookie, sessions);
    const common = {
      url: orchestratorUrl,
      connections: scale.connections,
      seconds: scale.seconds,
      warmupSeconds: levels.length === 0 ? scale.initialWarmupSeconds : scale.warmupSeconds,
    };
    const list = await runLoad({
      ...common,
      headers: { cookie },
      next: () => ({ method: 'GET', path: listPath }),
    });
    const get = await runLoad({
      ...common,
      headers: API_HEADERS,
      next: () => {
        const { sessionId, userId } = seededSession(Math.floor(Math.random() * sessions));
        return { method: 'GET', path: `/api/v1/sessions/${sessionId}?user_id=${userId}` };
      },
    });
    levels.push({ sessions, seedSeconds, list, get });
  }
  const first = levels[0]!;
  const last = levels.at(-1)!;
  const ratio = (pick: (level: GrowthLevel) => LoadResult): GrowthRatio => ({
    throughput: pick(last).throughput / Math.max(1e-9, pick(first).throughput),
    p99: pick(last).latencyMs.p99 / Math.max(1e-9, pick(first).latencyMs.p99),
  });
  return {
    list: `admin.sessions.list over tRPC (GET ${trpcQueryPath('admin.sessions.list', CONSOLE_PAGE)}, operator cookie from admin.login)`,
    get: 'GET /api/v1/sessions/{session_id}?user_id=… (a random seeded session per request)',
    seeding:
      'BatchWriteItem of items built by OrchestratorRepository.createSession (recorded, not sent), all created today',
    levels,
    listRatio: ratio((level) => level.list),
    getRatio: ratio((level) => level.get),
    targets: { minThroughputRatio: 0.8, maxP99Ratio: 1.25 },
  };
}

/** Both requests answer as the console and a shopper expect before any load is measured. */
async function checkLevel(url: string, listPath: string, cookie: string, sessions: number): Promise<void> {
  const listed = await fetch(new URL(listPath, url), { headers: { cookie } });
  const page = (await listed.json()) as { result?: { data?: { json?: { items?: unknown[] } } } };
  const items = page.result?.data?.json?.items?.length ?? 0;
  if (!listed.ok || items !== Math.min(CONSOLE_PAGE.limit, sessions)) {
    throw new Error(`admin.sessions.list answered ${listed.status} with ${items} sessions`);
  }
  const { sessionId, userId } = seededSession(sessions - 1);
  const got = await fetch(new URL(`/api/v1/sessions/${sessionId}?user_id=${userId}`, url), {
    headers: API_HEADERS,
  });
  if (!got.ok) throw new Error(`GET /api/v1/sessions/${sessionId} answered ${got.status}`);
}
