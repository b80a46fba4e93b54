import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { median } from '../load/latency';
import { API_HEADERS, operatorCookie, trpcQueryPath } from '../load/orchestrator-api';
import { type LoadResult, type LoadSpec, runInterleaved } from '../load/run-load';
import type { OrchestratorProcess, Stack } from '../stack/stack';
import { createSessionSeeder, seededSession } from './seed-sessions';

export interface GrowthScale {
  levels: number[];
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Every level and request kind takes this many turns. */
  rounds: number;
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
  /** Of the median over turns of each turn's p99, so one noisy turn on the shared machine cannot decide it. */
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
const LIST_PATH = trpcQueryPath('admin.sessions.list', CONSOLE_PAGE);

interface Level {
  sessions: number;
  seedSeconds: number;
  orchestrator: OrchestratorProcess;
  cookie: string;
}

/**
 * Listing and reading sessions at each table size. Every size gets its own table and orchestrator process,
 * so all sizes are measured in turns (drift of the shared machine then weighs on each alike); queries must
 * not care how many sessions exist.
 */
export async function measureGrowth(
  stack: Pick<Stack, 'startOrchestrator' | 'operator'>,
  client: DynamoDBClient,
  scale: GrowthScale,
): Promise<GrowthResults> {
  const levels: Level[] = [];
  try {
    for (const sessions of [...scale.levels].sort((a, b) => a - b)) {
      levels.push(await prepareLevel(stack, client, sessions));
    }
    const common = {
      connections: scale.connections,
      seconds: scale.seconds,
      warmupSeconds: scale.warmupSeconds,
    };
    const lists = levels.map((level) => listLoad(level, common));
    const gets = levels.map((level) => getLoad(level, common));
    const results = await runInterleaved([...lists, ...gets], scale.rounds);
    const measured: GrowthLevel[] = levels.map((level, index) => ({
      sessions: level.sessions,
      seedSeconds: level.seedSeconds,
      list: results[index]!,
      get: results[levels.length + index]!,
    }));
    const first = measured[0]!;
    const last = measured.at(-1)!;
    const ratio = (pick: (level: GrowthLevel) => LoadResult): GrowthRatio => ({
      throughput: pick(last).throughput / Math.max(1e-9, pick(first).throughput),
      p99: median(pick(last).turnP99sMs) / Math.max(1e-9, median(pick(first).turnP99sMs)),
    });
    return {
      list: `admin.sessions.list over tRPC (GET ${LIST_PATH}, operator cookie from admin.login)`,
      get: 'GET /api/v1/sessions/{session_id}?user_id=… (a random seeded session per request)',
      seeding:
        'BatchWriteItem of items built by OrchestratorRepository.createSession (recorded, not sent), all created today; one table and one orchestrator process per size, measured in turns',
      levels: measured,
      listRatio: ratio((level) => level.list),
      getRatio: ratio((level) => level.get),
      targets: { minThroughputRatio: 0.8, maxP99Ratio: 1.25 },
    };
  } finally {
    for (const level of levels) await level.orchestrator.child.stop();
  }
}

async function prepareLevel(
  stack: Pick<Stack, 'startOrchestrator' | 'operator'>,
  client: DynamoDBClient,
  sessions: number,
): Promise<Level> {
  // The orchestrator creates its table, then the sessions go in.
  const orchestrator = await stack.startOrchestrator(`orchestrator-${sessions}`, `growth-${sessions}`);
  const started = performance.now();
  await createSessionSeeder(client, orchestrator.tableName).seedUpTo(sessions);
  const seedSeconds = (performance.now() - started) / 1000;
  const cookie = await operatorCookie(orchestrator.url, stack.operator);
  await checkLevel(orchestrator.url, cookie, sessions);
  return { sessions, seedSeconds, orchestrator, cookie };
}

function listLoad(
  level: Level,
  common: Pick<LoadSpec, 'connections' | 'seconds' | 'warmupSeconds'>,
): LoadSpec {
  return {
    ...common,
    url: level.orchestrator.url,
    headers: { cookie: level.cookie },
    next: () => ({ method: 'GET', path: LIST_PATH }),
  };
}

function getLoad(
  level: Level,
  common: Pick<LoadSpec, 'connections' | 'seconds' | 'warmupSeconds'>,
): LoadSpec {
  return {
    ...common,
    url: level.orchestrator.url,
    headers: API_HEADERS,
    next: () => {
      const { sessionId, userId } = seededSession(Math.floor(Math.random() * level.sessions));
      return { method: 'GET', path: `/api/v1/sessions/${sessionId}?user_id=${userId}` };
    },
  };
}

/** Both requests answer as the console and a shopper expect before any load is measured. */
async function checkLevel(url: string, cookie: string, sessions: number): Promise<void> {
  const listed = await fetch(new URL(LIST_PATH, url), { headers: { cookie } });
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
