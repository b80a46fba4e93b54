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
  failed = 0;

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

  /** An answer on `connection` (any value that tells connections apart), with its latency in ms. */
  answer(connection: unknown, ok: boolean, latencyMs: number): void {
    if (this.#openedAt === null) {
      if (!ok) this.failed += 1;
      this.#answered.add(connection);
      if (this.#answered.size >= this.#connections) this.open();
      return;
    }
    if (!this.#inWindow()) return;
    if (ok) this.latencies.push(latencyMs);
    else this.failed += 1;
  }

  /** A request that got no answer (connection error, timeout). */
  error(): void {
    if (this.#openedAt === null || this.#inWindow()) this.failed += 1;
  }

  /** Seconds measured (the turn's length once the window opened) and seconds of ramp before it. */
  span(): { seconds: number; rampSeconds: number } {
    const rampMs = (this.#openedAt ?? this.#now()) - this.#startedAt;
    return { seconds: this.#openedAt === null ? 0 : this.#lengthMs / 1000, rampSeconds: rampMs / 1000 };
  }

  #inWindow(): boolean {
    return this.#openedAt !== null && this.#now() - this.#openedAt <= this.#lengthMs;
  }
}
