/**
 * What the UI needs from a failed call. Errors from the admin API carry `data.httpStatus` and
 * `data.api = { code, message, request_id }`; anything else (a network failure) only has a message.
 */
export interface ApiFailure {
  status: number | null;
  code: string | null;
  message: string;
  requestId: string | null;
}

interface ErrorData {
  httpStatus?: unknown;
  api?: { code?: unknown; message?: unknown; request_id?: unknown };
}

const asString = (value: unknown) => (typeof value === 'string' ? value : null);

export function describeError(error: unknown): ApiFailure {
  const data = (error as { data?: ErrorData | null } | null)?.data ?? null;
  const status = typeof data?.httpStatus === 'number' ? data.httpStatus : null;
  const message =
    asString(data?.api?.message) ?? (error instanceof Error ? error.message : null) ?? 'Something went wrong';
  return {
    status,
    code: asString(data?.api?.code),
    message,
    requestId: asString(data?.api?.request_id),
  };
}

export function isUnauthorized(error: unknown): boolean {
  return describeError(error).status === 401;
}

/** 4xx answers will not change on retry; network blips and 5xx might. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const { status } = describeError(error);
  if (status !== null && status >= 400 && status < 500) return false;
  return failureCount < 2;
}
