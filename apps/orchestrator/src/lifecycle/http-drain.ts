import type { Server } from 'node:http';

export interface HttpDrain {
  /** Requests whose response has not finished yet. */
  inFlight(): number;
  /**
   * Stops accepting connections, lets in-flight requests finish for up to `graceMs`, then closes every
   * connection still open. Resolves with how many requests were cut off at the deadline (0: none).
   */
  shutdown(graceMs: number): Promise<number>;
}

/**
 * Counts the server's in-flight requests, so shutdown can wait for them. While draining, responses ask the
 * client to close the connection, so keep-alive clients move to another instance.
 */
export function trackHttpDrain(server: Server): HttpDrain {
  let active = 0;
  let draining = false;
  let onIdle: (() => void) | null = null;
  server.on('request', (_req, res) => {
    active += 1;
    if (draining && !res.headersSent) res.setHeader('connection', 'close');
    res.once('close', () => {
      active -= 1;
      if (active === 0) onIdle?.();
    });
  });
  return {
    inFlight: () => active,
    async shutdown(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const idle = new Promise<true>((resolve) => {
        onIdle = () => resolve(true);
        if (active === 0) resolve(true);
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), graceMs);
      });
      await Promise.race([idle, deadline]);
      clearTimeout(timer);
      const cut = active;
      server.closeAllConnections();
      await closed;
      return cut;
    },
  };
}
