/**
 * Runs `work` once, `delayMs` after the first of a burst of triggers: the events a subscription replays
 * on connecting, or a workflow's quick succession of checkpoints, come to one refetch. A trigger after
 * that run has started schedules another, so nothing that arrives later is missed.
 */
export function coalesce(work: () => void, delayMs: number): { trigger(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    trigger() {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        work();
      }, delayMs);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
