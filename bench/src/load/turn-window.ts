import { totalCount } from './failures';

/**
 * Which answers of one load turn are measured. A load generator opens every connection at once, and a busy
 * Node server accepts one new connection per event-loop iteration (libuv 1.46), so the last connections'
 * first requests wait for seconds while the first connections are already being served. Counted from the
 * start, a turn would weigh how fast the target accepts a burst of connections, not what a request costs at
 * that concurrency. So the window opens once every connection has had its first answer (the ramp, reported
 * on its own) and lasts the turn's length; answers outside it are not measured, failures before it are.
 */
export class TurnWindow {
  readonly #connections: number;
  readonly #lengthMs: number;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #answered = new Set<unknown>();
  #openedAt: number | null = null;
  readonly latencies: number[] = [];
  /** The counted failures by reason (`failureReason`), so a report can say what failed, not only how often. */
  readonly failures: Record<string, number> = {};

  constructor(options: { connections: number; seconds: number; now: () => number }) {
    this.#connections = options.connections;
    this.#lengthMs = options.seconds * 1000;
    this.#now = options.now;
    this.#startedAt = options.now();
  }

  get isOpen(): boolean {
    return this.#openedAt !== null;
  }

  /** Opens the window now (at the latest, when a connection never answers); later calls change nothing. */
  open(): void {
    this.#openedAt ??= this.#now();
  }

  /**
   * An answer on `connection` (any value that tells connections apart), with its latency in ms; `failure` is
   * why it is not a success (null for a 2xx).
   */
  answer(connection: unknown, failure: string | null, latencyMs: number): void {
    if (this.#openedAt === null) {
      if (failure !== null) this.#fail(failure);
      this.#answered.add(connection);
      if (this.#answered.size >= this.#connections) this.open();
      return;
    }
    if (!this.#inWindow()) return;
    if (failure === null) this.latencies.push(latencyMs);
    else this.#fail(failure);
  }

  /** A request that got no answer (connection error, timeout), and why. */
  error(reason: string): void {
    if (this.#openedAt === null || this.#inWindow()) this.#fail(reason);
  }

  /** Seconds measured (the turn's length once the window opened) and seconds of ramp before it. */
  span(): { seconds: number; rampSeconds: number } {
    const rampMs = (this.#openedAt ?? this.#now()) - this.#startedAt;
    return { seconds: this.#openedAt === null ? 0 : this.#lengthMs / 1000, rampSeconds: rampMs / 1000 };
  }

  get failed(): number {
    return totalCount(this.failures);
  }

  #fail(reason: string): void {
    this.failures[reason] = (this.failures[reason] ?? 0) + 1;
  }

  #inWindow(): boolean {
    return this.#openedAt !== null && this.#now() - this.#openedAt <= this.#lengthMs;
  }
}
