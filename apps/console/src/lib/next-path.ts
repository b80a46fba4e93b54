/**
 * Where to go after logging in. Only same-origin paths are accepted: `?next=https://evil.example` or
 * `//evil.example` would otherwise turn the login page into an open redirect.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/sessions'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next === '/login' || next.startsWith('/login?')) return fallback;
  return next;
}

export function loginPath(current: string): string {
  return `/login?next=${encodeURIComponent(current)}`;
}
