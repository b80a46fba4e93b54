/** Failed requests counted by reason: `HTTP <status> [<error code>]`, or a connection error's code. */

/** Counts by key, summed. */
export function addCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const count of counts) {
    for (const [key, value] of Object.entries(count)) total[key] = (total[key] ?? 0) + value;
  }
  return total;
}

export function totalCount(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/**
 * Why an answer is not a success: its status, with the error code when the body has the REST API's error
 * shape (`{"error": {"code": ...}}`). Null for a 2xx.
 */
export function failureReason(status: number, body: string): string | null {
  if (status >= 200 && status < 300) return null;
  const code = errorCode(body);
  return code === null ? `HTTP ${status}` : `HTTP ${status} ${code}`;
}

function errorCode(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    const error =
      typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : null;
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : null;
    return typeof code === 'string' ? code : null;
  } catch {
    return null;
  }
}
