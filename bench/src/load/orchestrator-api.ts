import { DEVELOPMENT_API_KEY } from '@talknshop/api';

/** The development key's client (`dev`) owns every session the bench creates or seeds. */
export const API_HEADERS = {
  authorization: `Bearer ${DEVELOPMENT_API_KEY}`,
  'content-type': 'application/json',
};

export async function postJson<T>(base: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(new URL(path, base), {
    method: 'POST',
    headers: API_HEADERS,
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function getText(base: string, path: string): Promise<string> {
  const response = await fetch(new URL(path, base));
  if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
  return response.text();
}

/** Logs in as the operator (admin.login over tRPC, superjson) and returns the session cookie. */
export async function operatorCookie(
  base: string,
  operator: { username: string; password: string },
): Promise<string> {
  const response = await fetch(new URL('/trpc/admin.login', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: operator }),
  });
  const cookie = response.headers.getSetCookie()[0]?.split(';')[0];
  if (!response.ok || !cookie) throw new Error(`admin.login answered ${response.status}`);
  return cookie;
}

/** A tRPC query's GET path with its superjson-encoded input. */
export function trpcQueryPath(procedure: string, input: unknown): string {
  return `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
}
