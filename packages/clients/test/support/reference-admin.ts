import {
  ADMIN_PATHS,
  type FaultConfigInput,
  type ObservedRequest,
  ObservedRequestSchema,
} from '@talknshop/contracts';
import { z } from 'zod';

/** Fault injection and request inspection of a running reference service, over its admin HTTP API. */
export function referenceAdmin(serviceUrl: string) {
  return {
    setFaults: (config: FaultConfigInput) => admin(serviceUrl, 'PUT', ADMIN_PATHS.faults, config),
    clearFaults: () => admin(serviceUrl, 'DELETE', ADMIN_PATHS.faults),
    requests: async (): Promise<ObservedRequest[]> =>
      z.array(ObservedRequestSchema).parse(await admin(serviceUrl, 'GET', ADMIN_PATHS.requests)),
    forgetRequests: () => admin(serviceUrl, 'DELETE', ADMIN_PATHS.requests),
  };
}

export type ReferenceAdmin = ReturnType<typeof referenceAdmin>;

async function admin(serviceUrl: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${serviceUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${serviceUrl}${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}
