import type { ServiceName } from '@talknshop/contracts';
import { afterAll, beforeAll } from 'vitest';
import { type RunningService, type ServiceOptions, startService } from '../src/services';

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Starts a service on an ephemeral port for the enclosing test file (or describe block). */
export function useService(name: ServiceName, options: ServiceOptions = {}): { readonly url: string } {
  let service: RunningService | undefined;
  beforeAll(async () => {
    service = await startService(name, { env: {}, ...options });
  });
  afterAll(async () => {
    await service?.close();
  });
  return {
    get url() {
      if (service === undefined) throw new Error(`${name} service is not running`);
      return service.url;
    },
  };
}

export async function request<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const hasBody = init.body !== undefined;
  const response = await fetch(url, {
    method: init.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...init.headers },
    body: hasBody ? JSON.stringify(init.body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: (text === '' ? undefined : JSON.parse(text)) as T,
  };
}

export function post<T = unknown>(url: string, body: unknown, headers?: Record<string, string>) {
  return request<T>(url, { body, headers });
}

export function get<T = unknown>(url: string) {
  return request<T>(url);
}

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
