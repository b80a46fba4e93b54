import {
  type ApiKeyEntry,
  DEVELOPMENT_API_KEY,
  DEVELOPMENT_CLIENT_ID,
  hashApiKey,
  parseApiKeys,
} from '@talknshop/api';
import { DEFAULT_SERVICE_PORTS } from '@talknshop/contracts';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: int(0, 65535).default(8000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEBUG: bool.default(false),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  DYNAMODB_TABLE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{3,255}$/)
    .default('orchestrator-requests'),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  DYNAMODB_EMBEDDED_PORT: int(0, 65535).default(8004),
  DYNAMODB_DATA_DIR: z.string().min(1).default('.data/dynamodb'),
  DYNAMODB_CREATE_TABLE: bool.optional(),
  MEDIA_SERVICE_URL: z.url().default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS.media}`),
  CATALOG_SERVICE_URL: z.url().default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS.catalog}`),
  RESPONSE_COMPOSER_URL: z.url().default(`http://127.0.0.1:${DEFAULT_SERVICE_PORTS.composer}`),
  MEDIA_TIMEOUT_MS: int(1, 120_000).default(10_000),
  CATALOG_TIMEOUT_MS: int(1, 120_000).default(3_000),
  COMPOSER_TIMEOUT_MS: int(1, 120_000).default(3_000),
  REQUEST_DEADLINE_MS: int(100, 300_000).default(20_000),
  MAX_CLARIFICATION_ROUNDS: int(0, 10).default(2),
  MAX_BODY_BYTES: int(1024, 50 * 1024 * 1024).default(12 * 1024 * 1024),
  SESSION_TTL_DAYS: int(1, 3650).default(30),
  CURSOR_SECRET: z.string().min(16).optional(),
  API_KEYS: z
    .string()
    .min(1)
    .transform((value, ctx) => {
      try {
        return parseApiKeys(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    })
    .optional(),
  OPERATOR_USERNAME: z.string().min(1).default('operator'),
  OPERATOR_PASSWORD: z.string().min(8).optional(),
  OPERATOR_SESSION_SECRET: z.string().min(16).optional(),
  OPERATOR_SESSION_TTL_SECONDS: int(60, 30 * 86_400).default(12 * 3600),
  OPERATOR_LOGIN_ATTEMPTS: int(0, 10_000).default(10),
  OPERATOR_LOGIN_WINDOW_SECONDS: int(1, 86_400).default(900),
  CONSOLE_ORIGIN: z.url().default('http://localhost:3000'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  OTEL_TRACES_EXPORTER: z.enum(['otlp', 'none']).optional(),
  IDEMPOTENCY_TTL_SECONDS: int(60, 7 * 86_400).default(86_400),
  RATE_LIMIT_ENABLED: bool.default(true),
  OPERATOR_COOKIE_SECURE: bool.optional(),
  RATE_LIMIT_PER_KEY_PER_MINUTE: int(1, 1_000_000).default(1200),
  RATE_LIMIT_PER_USER_PER_MINUTE: int(1, 1_000_000).default(120),
  RATE_LIMIT_LEASE_TOKENS: int(1, 1000).default(5),
  METRICS_FLUSH_MS: int(10, 600_000).default(5_000),
  LEASE_MS: int(200, 3_600_000).optional(),
  RECOVERY_INTERVAL_MS: int(50, 3_600_000).default(10_000),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  debug: boolean;
  dynamo: {
    region: string;
    tableName: string;
    /** Null in production (the SDK's defaults); in development, an explicit endpoint or the embedded engine. */
    endpoint: string | null;
    embedded: { port: number; dataDir: string } | null;
    createTable: boolean;
  };
  services: { media: string; catalog: string; composer: string };
  timeoutsMs: { media: number; catalog: number; composer: number };
  requestDeadlineMs: number;
  maxClarificationRounds: number;
  maxBodyBytes: number;
  sessionTtlDays: number;
  cursorSecret: string;
  /** Hashed API keys, each bound to a client id. */
  apiKeys: ApiKeyEntry[];
  operator: {
    username: string;
    password: string;
    secret: string;
    sessionTtlSeconds: number;
    /** The cookie is sent over HTTPS only: where the console is served over TLS. */
    secureCookie: boolean;
    /** Login attempts per username and window; null when OPERATOR_LOGIN_ATTEMPTS=0 (not limited). */
    loginThrottle: { attempts: number; windowSeconds: number } | null;
  };
  consoleOrigin: string;
  /** How often downstream latency figures are added to DynamoDB. */
  metricsFlushMs: number;
  idempotencyTtlSeconds: number;
  /** The standard OTEL_* variables; tracing is off unless an OTLP endpoint is set. */
  otel: Record<string, string | undefined>;
  /** Null when rate limiting is switched off. */
  rateLimit: { perKeyPerMinute: number; perUserPerMinute: number; leaseTokens: number } | null;
  /** How long a request's lease lasts after each write; longer than the request deadline. */
  leaseMs: number;
  /** How often requests whose lease expired are looked for (also once at start-up). */
  recoveryIntervalMs: number;
  /** How long shutdown waits for in-flight requests before closing their connections. */
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The default lease outlasts the request deadline by this much. */
const LEASE_MARGIN_MS = 10_000;
const DEVELOPMENT_CURSOR_SECRET = 'talknshop-development-cursor-secret';
const DEVELOPMENT_OPERATOR_PASSWORD = 'operator-dev-password';
const DEVELOPMENT_OPERATOR_SECRET = 'talknshop-development-operator-secret';

/** Parses and validates the environment once, at start-up, naming every bad variable at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) =>
          `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(present[String(issue.path[0])] ?? null)})`,
      ),
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  for (const name of ['API_KEYS', 'CURSOR_SECRET', 'OPERATOR_PASSWORD', 'OPERATOR_SESSION_SECRET'] as const) {
    if (production && !e[name]) problems.push(`${name}: required when NODE_ENV=production`);
  }
  // Between two writes of a request, only its downstream calls take time, and the deadline bounds them: a
  // longer lease never runs out under a live owner.
  const leaseMs = e.LEASE_MS ?? e.REQUEST_DEADLINE_MS + LEASE_MARGIN_MS;
  if (leaseMs <= e.REQUEST_DEADLINE_MS) {
    problems.push(
      `LEASE_MS: must be longer than REQUEST_DEADLINE_MS (${e.REQUEST_DEADLINE_MS}) (got ${leaseMs})`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  const embedded = !production && !e.AWS_ENDPOINT_URL_DYNAMODB;
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    debug: e.DEBUG,
    dynamo: {
      region: e.AWS_REGION,
      tableName: e.DYNAMODB_TABLE_NAME,
      endpoint: e.AWS_ENDPOINT_URL_DYNAMODB ?? null,
      embedded: embedded ? { port: e.DYNAMODB_EMBEDDED_PORT, dataDir: e.DYNAMODB_DATA_DIR } : null,
      createTable: e.DYNAMODB_CREATE_TABLE ?? !production,
    },
    services: {
      media: e.MEDIA_SERVICE_URL,
      catalog: e.CATALOG_SERVICE_URL,
      composer: e.RESPONSE_COMPOSER_URL,
    },
    timeoutsMs: { media: e.MEDIA_TIMEOUT_MS, catalog: e.CATALOG_TIMEOUT_MS, composer: e.COMPOSER_TIMEOUT_MS },
    requestDeadlineMs: e.REQUEST_DEADLINE_MS,
    maxClarificationRounds: e.MAX_CLARIFICATION_ROUNDS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    sessionTtlDays: e.SESSION_TTL_DAYS,
    cursorSecret: e.CURSOR_SECRET ?? DEVELOPMENT_CURSOR_SECRET,
    apiKeys: e.API_KEYS ?? [{ clientId: DEVELOPMENT_CLIENT_ID, sha256: hashApiKey(DEVELOPMENT_API_KEY) }],
    operator: {
      username: e.OPERATOR_USERNAME,
      password: e.OPERATOR_PASSWORD ?? DEVELOPMENT_OPERATOR_PASSWORD,
      secret: e.OPERATOR_SESSION_SECRET ?? DEVELOPMENT_OPERATOR_SECRET,
      sessionTtlSeconds: e.OPERATOR_SESSION_TTL_SECONDS,
      secureCookie: e.OPERATOR_COOKIE_SECURE ?? production,
      loginThrottle:
        e.OPERATOR_LOGIN_ATTEMPTS > 0
          ? { attempts: e.OPERATOR_LOGIN_ATTEMPTS, windowSeconds: e.OPERATOR_LOGIN_WINDOW_SECONDS }
          : null,
    },
    consoleOrigin: e.CONSOLE_ORIGIN,
    idempotencyTtlSeconds: e.IDEMPOTENCY_TTL_SECONDS,
    otel: {
      OTEL_EXPORTER_OTLP_ENDPOINT: e.OTEL_EXPORTER_OTLP_ENDPOINT,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
      OTEL_SERVICE_NAME: e.OTEL_SERVICE_NAME,
      OTEL_TRACES_EXPORTER: e.OTEL_TRACES_EXPORTER,
    },
    rateLimit: e.RATE_LIMIT_ENABLED
      ? {
          perKeyPerMinute: e.RATE_LIMIT_PER_KEY_PER_MINUTE,
          perUserPerMinute: e.RATE_LIMIT_PER_USER_PER_MINUTE,
          leaseTokens: e.RATE_LIMIT_LEASE_TOKENS,
        }
      : null,
    metricsFlushMs: e.METRICS_FLUSH_MS,
    leaseMs,
    recoveryIntervalMs: e.RECOVERY_INTERVAL_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
