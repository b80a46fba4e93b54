import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

/** The closed set of API error codes; each maps to exactly one HTTP status and tRPC code. */
export const API_ERRORS = {
  INVALID_INPUT: { status: 400, trpc: 'BAD_REQUEST' },
  UNAUTHORIZED: { status: 401, trpc: 'UNAUTHORIZED' },
  SESSION_NOT_FOUND: { status: 404, trpc: 'NOT_FOUND' },
  NOT_FOUND: { status: 404, trpc: 'NOT_FOUND' },
  NOTHING_TO_CLARIFY: { status: 409, trpc: 'CONFLICT' },
  CONFLICT: { status: 409, trpc: 'CONFLICT' },
  PAYLOAD_TOO_LARGE: { status: 413, trpc: 'PAYLOAD_TOO_LARGE' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, trpc: 'UNSUPPORTED_MEDIA_TYPE' },
  UNPROCESSABLE: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, trpc: 'UNPROCESSABLE_CONTENT' },
  RATE_LIMITED: { status: 429, trpc: 'TOO_MANY_REQUESTS' },
  INTERNAL: { status: 500, trpc: 'INTERNAL_SERVER_ERROR' },
  DOWNSTREAM_UNAVAILABLE: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  NOT_READY: { status: 503, trpc: 'SERVICE_UNAVAILABLE' },
  DOWNSTREAM_TIMEOUT: { status: 504, trpc: 'GATEWAY_TIMEOUT' },
} as const satisfies Record<string, { status: number; trpc: TRPC_ERROR_CODE_KEY }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface ApiErrorOptions {
  issues?: { field: string; message: string }[];
  sessionId?: string | null;
  requestId?: string | null;
  retryable?: boolean;
  retryAfterSeconds?: number;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly issues: { field: string; message: string }[] | undefined;
  readonly sessionId: string | null;
  readonly requestId: string | null;
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.issues = options.issues;
    this.sessionId = options.sessionId ?? null;
    this.requestId = options.requestId ?? null;
    this.retryable = options.retryable ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return API_ERRORS[this.code].status;
  }
}

export const TRPC_CODE_TO_API_CODE: Partial<Record<TRPC_ERROR_CODE_KEY, ApiErrorCode>> = {
  BAD_REQUEST: 'INVALID_INPUT',
  PARSE_ERROR: 'INVALID_INPUT',
  UNAUTHORIZED: 'UNAUTHORIZED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNPROCESSABLE_CONTENT: 'UNPROCESSABLE',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'DOWNSTREAM_UNAVAILABLE',
  GATEWAY_TIMEOUT: 'DOWNSTREAM_TIMEOUT',
};
