import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import type { OpenApiMeta } from 'trpc-to-openapi';
import { ZodError } from 'zod';
import type { OperatorAuth } from './admin/operator-auth';
import type { AdminService } from './admin/service';
import type { Operator } from './admin/wire';
import type { IdempotencyOptions } from './auth/idempotency';
import type { LoginThrottle } from './auth/login-throttle';
import type { RateLimiter } from './auth/rate-limiter';
import { API_ERRORS, ApiError, type ApiErrorCode, TRPC_CODE_TO_API_CODE } from './errors';
import type { Orchestration } from './orchestration';
import type { ApiErrorBody, Readiness } from './wire';

// ---------------------------------------------------------------------------------------------------------
// Context: plain dependencies (easy to build in a test) plus the per-request identity.
// ---------------------------------------------------------------------------------------------------------

export interface ApiServices {
  orchestration: Orchestration;
  operatorAuth: OperatorAuth;
  /** The operator console's backend (`admin.*`). */
  admin: AdminService;
  readiness(): Promise<Readiness>;
  debug: boolean;
  /** Absent: no Idempotency-Key support (e.g. in router unit tests). */
  idempotency?: IdempotencyOptions;
  /** Absent: no rate limiting. */
  rateLimiter?: RateLimiter;
  /** Absent: operator login attempts are not limited. */
  loginThrottle?: LoginThrottle;
}

export interface Context {
  services: ApiServices;
  requestId: string;
  /** The API client authenticated by its bearer key; null without a valid key. */
  clientId: string | null;
  /** The operator whose session cookie came with the request, if any. */
  operator: Operator | null;
  /** Adds a `Set-Cookie` header to the response (login/logout). */
  setCookie(cookie: string): void;
  /** Sets a response header (rate-limit and idempotency headers). */
  setHeader(name: string, value: string): void;
  /** The `Idempotency-Key` request header, if any. */
  idempotencyKey?: string | undefined;
  traceparent?: string | undefined;
  signal?: AbortSignal | undefined;
}

export function createContextInner(context: Context): Context {
  return context;
}

// ---------------------------------------------------------------------------------------------------------
// Initialisation: superjson, and one error shape for tRPC and REST alike (`data.api`).
// ---------------------------------------------------------------------------------------------------------

export function toApiErrorBody(error: TRPCError, ctx: Context | undefined): ApiErrorBody {
  const cause = error.cause;
  if (cause instanceof ApiError) {
    return {
      code: cause.code,
      message: cause.message,
      ...(cause.issues ? { issues: cause.issues } : {}),
      request_id: cause.requestId ?? ctx?.requestId ?? null,
      session_id: cause.sessionId,
      retryable: cause.retryable,
    };
  }
  // Only the caller's input is a 400: a schema failing inside the server (a corrupt stored item, an output
  // the router refuses) is an internal error and must not list internal field names.
  if (cause instanceof ZodError && error.code === 'BAD_REQUEST') {
    const issues = cause.issues.flatMap(describeIssue);
    return {
      code: 'INVALID_INPUT',
      message: `invalid input: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      issues,
      request_id: ctx?.requestId ?? null,
    };
  }
  const code: ApiErrorCode = TRPC_CODE_TO_API_CODE[error.code] ?? 'INTERNAL';
  const exposeMessage = code !== 'INTERNAL' || ctx?.services.debug;
  return {
    code,
    message: exposeMessage ? error.message : 'internal error',
    request_id: ctx?.requestId ?? null,
  };
}

type Issue = ZodError['issues'][number];

/** A failed union (inline vs URL media) reports the closest alternative's problems, with their full paths. */
function describeIssue(issue: Issue): { field: string; message: string }[] {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0] ?? [];
    return closest.flatMap((inner) =>
      describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue),
    );
  }
  return [{ field: issue.path.join('.') || '(body)', message: issue.message }];
}

const t = initTRPC
  .context<Context>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    // A quiet subscription still sends a comment every 15 s, so load balancers and proxies (idle timeouts
    // of a minute or so) never cut a live feed that is merely waiting for the next event.
    sse: { ping: { enabled: true, intervalMs: 15_000 } },
    errorFormatter({ shape, error, ctx }) {
      const api = toApiErrorBody(error, ctx);
      const debug = ctx?.services.debug ?? false;
      return {
        ...shape,
        message: api.message,
        data: {
          code: shape.data.code,
          httpStatus: API_ERRORS[api.code as ApiErrorCode]?.status ?? shape.data.httpStatus,
          path: shape.data.path,
          api,
          // tRPC fills shape.data.stack only outside production; DEBUG=true means a stack in every mode.
          ...(debug && error.stack ? { stack: error.stack } : {}),
        },
      };
    },
  });

/** Turns an ApiError into a TRPCError carrying it, so the formatter and adapters see one thing. */
export function toTRPCError(error: ApiError): TRPCError {
  return new TRPCError({ code: API_ERRORS[error.code].trpc, message: error.message, cause: error });
}

/**
 * A subscription's generator runs after the middleware below has returned, so an ApiError it throws would
 * reach the client as INTERNAL_SERVER_ERROR, which the subscription link retries forever. Its opening step
 * goes through this instead.
 */
export async function openSubscription<T>(opening: Promise<T>): Promise<T> {
  try {
    return await opening;
  } catch (error) {
    throw error instanceof ApiError ? toTRPCError(error) : error;
  }
}

const apiErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ApiError) {
    const cause = result.error.cause;
    return { ...result, error: toTRPCError(cause) } as typeof result;
  }
  return result;
});

// ---------------------------------------------------------------------------------------------------------
// Procedure builders.
// ---------------------------------------------------------------------------------------------------------

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(apiErrors);

/** Shopper-facing procedures need an API key (`Authorization: Bearer <key>`); the key names the client. */
export const shopperProcedure = publicProcedure.use(async ({ ctx, next, getRawInput }) => {
  if (!ctx.clientId) {
    throw new ApiError('UNAUTHORIZED', 'a valid API key is required: Authorization: Bearer <api key>');
  }
  if (ctx.services.rateLimiter) {
    const raw = (await getRawInput()) as { user_id?: unknown } | undefined;
    const userId = typeof raw?.user_id === 'string' ? raw.user_id : null;
    await ctx.services.rateLimiter(ctx.clientId, userId, { set: ctx.setHeader });
  }
  return next({ ctx: { ...ctx, clientId: ctx.clientId } });
});

/** Admin procedures: the server refuses them without an operator session, whatever the UI does. */
export const operatorProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.operator) throw new ApiError('UNAUTHORIZED', 'operator login required');
  return next({ ctx: { ...ctx, operator: ctx.operator } });
});
