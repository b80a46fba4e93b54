import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Operator } from './wire';

export const OPERATOR_COOKIE = 'tns_operator';

export interface OperatorAuthConfig {
  username: string;
  password: string;
  /** Signs session tokens; at least 16 characters. */
  secret: string;
  sessionTtlSeconds: number;
  /** Mark the cookie Secure (sent over HTTPS only): production, where the console is served over TLS. */
  secureCookie: boolean;
  clock: () => Date;
}

export interface OperatorAuth {
  /** A signed session token for valid credentials, null otherwise. */
  login(username: string, password: string): string | null;
  /** The operator a token belongs to, or null when it is missing, forged or expired. */
  verify(token: string | undefined): Operator | null;
  readonly sessionTtlSeconds: number;
  readonly secureCookie: boolean;
}

function equal(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Operator sessions are stateless signed tokens (`username.expiry.signature`), so every orchestrator
 * instance accepts them; they live in an httpOnly cookie the browser cannot read.
 */
export function createOperatorAuth(config: OperatorAuthConfig): OperatorAuth {
  const sign = (payload: string) => createHmac('sha256', config.secret).update(payload).digest('base64url');
  return {
    sessionTtlSeconds: config.sessionTtlSeconds,
    secureCookie: config.secureCookie,
    login(username, password) {
      if (!equal(username, config.username) || !equal(password, config.password)) return null;
      const expiry = Math.floor(config.clock().getTime() / 1000) + config.sessionTtlSeconds;
      const payload = `${Buffer.from(username).toString('base64url')}.${expiry}`;
      return `${payload}.${sign(payload)}`;
    },
    verify(token) {
      if (!token) return null;
      const parts = token.split('.');
      if (parts.length !== 3) return null;
      const [user, expiry, signature] = parts as [string, string, string];
      if (!equal(signature, sign(`${user}.${expiry}`))) return null;
      if (Number(expiry) * 1000 < config.clock().getTime()) return null;
      return { username: Buffer.from(user, 'base64url').toString('utf8') };
    },
  };
}
