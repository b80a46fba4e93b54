/**
 * Polls `check` until it returns a value other than undefined, and returns that value; past `timeoutMs`,
 * fails with the last thing `describe` says about the state. For outcomes that arrive on their own time
 * (a recovery pass, a restarted process), bounded so that a test that should fail does fail.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => Promise<string> | string },
): Promise<T> {
  const until = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) {
      const state = options.describe ? await options.describe() : '';
      throw new Error(`condition not met within ${options.timeoutMs} ms${state ? `: ${state}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/** What a reference service has seen (oldest first), for waiting until a request reached it. */
export async function observedRequests(
  serviceUrl: string,
): Promise<{ method: string; path: string; headers: Record<string, string> }[]> {
  const response = await fetch(new URL('/__admin/requests', serviceUrl));
  return (await response.json()) as { method: string; path: string; headers: Record<string, string> }[];
}
