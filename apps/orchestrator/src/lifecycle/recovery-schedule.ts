import type { RecoveryReport } from '@talknshop/api';
import type { Logger } from '../logger';

export interface RecoveryScheduleOptions {
  /** One recovery pass; the signal asks it to stop early (shutdown). */
  recover(signal: AbortSignal): Promise<RecoveryReport>;
  intervalMs: number;
  logger: Logger;
}

export interface RecoverySchedule {
  /** No further passes; waits up to `waitMs` for the one under way. Resolves true when it finished. */
  stop(waitMs: number): Promise<boolean>;
}

/**
 * Runs crash recovery now (start-up) and then `intervalMs` after each pass ends, so passes never overlap.
 * The timer does not keep the process alive.
 */
export function scheduleRecovery(options: RecoveryScheduleOptions): RecoverySchedule {
  const { logger } = options;
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  async function pass(): Promise<void> {
    try {
      const report = await options.recover(controller.signal);
      for (const error of report.errors) {
        logger.warn(error, 'could not recover a request; a later pass retries it');
      }
      if (report.resumed.length > 0 || report.failed.length > 0 || report.lost > 0) {
        logger.info(
          { resumed: report.resumed, failed: report.failed, lost: report.lost, skipped: report.skipped },
          'recovered requests whose lease expired',
        );
      }
    } catch (error) {
      logger.warn({ err: String(error) }, 'crash recovery pass failed; retrying at the next interval');
    }
  }

  function tick(): void {
    current = pass().finally(() => {
      if (controller.signal.aborted) return;
      timer = setTimeout(tick, options.intervalMs);
      timer.unref();
    });
  }
  tick();

  return {
    async stop(waitMs) {
      controller.abort();
      clearTimeout(timer);
      let deadline: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        current.then(() => true),
        new Promise<false>((resolve) => {
          deadline = setTimeout(() => resolve(false), waitMs);
        }),
      ]);
      clearTimeout(deadline);
      return finished;
    },
  };
}
