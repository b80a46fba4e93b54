import { OPERATOR_COOKIE } from './operator-auth';

/**
 * The operator session cookie: httpOnly so page scripts cannot read it, SameSite=Lax so other sites cannot
 * make the browser send it with their requests, Secure where the console is served over HTTPS (so it never
 * travels in clear), and gone when the token expires anyway.
 */
export function operatorSessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = `HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
  return `${OPERATOR_COOKIE}=${encodeURIComponent(token)}; ${attributes}`;
}

/** Replaces the session cookie with an empty one that expires at once. */
export function clearedOperatorCookie(): string {
  return `${OPERATOR_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0`;
}
