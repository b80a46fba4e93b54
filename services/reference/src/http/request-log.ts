import type { IncomingMessage } from 'node:http';
import type { ObservedRequest } from '@talknshop/contracts';

/** The most recent requests a service saw (oldest first), so tests can check what callers forwarded. */
export class RequestLog {
  private readonly entries: ObservedRequest[] = [];

  constructor(private readonly capacity = 200) {}

  record(request: IncomingMessage, receivedAt: Date): void {
    this.entries.push({
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: flattenHeaders(request),
      received_at: receivedAt.toISOString(),
    });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): ObservedRequest[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries.length = 0;
  }
}

function flattenHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
