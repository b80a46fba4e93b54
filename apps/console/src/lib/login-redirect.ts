import { isUnauthorized } from './api-error';
import { loginPath } from './next-path';

/**
 * An expired or forged cookie gets past the proxy; the orchestrator's first 401 (to a query, a mutation
 * or the live feed) sends the operator to log in, and back here afterwards.
 */
export function sendToLoginOn401(error: unknown): void {
  if (!isUnauthorized(error) || window.location.pathname === '/login') return;
  window.location.assign(loginPath(window.location.pathname + window.location.search));
}
