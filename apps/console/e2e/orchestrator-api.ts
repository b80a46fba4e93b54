/** The public side of the system, as a shopper's client (and the fault-injection admin) would call it. */

export interface SearchAnswer {
  session_id: string;
  request_id: string;
  status: string;
}

async function callPublic(orchestratorUrl: string, apiKey: string, path: string, body: unknown) {
  const response = await fetch(`${orchestratorUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as SearchAnswer;
}

export function search(
  orchestratorUrl: string,
  apiKey: string,
  userId: string,
  query: string,
): Promise<SearchAnswer> {
  return callPublic(orchestratorUrl, apiKey, '/api/v1/search', { user_id: userId, query });
}

/** A new message in an existing conversation, as the shopper's app sends it. */
export function chat(
  orchestratorUrl: string,
  apiKey: string,
  userId: string,
  sessionId: string,
  message: string,
): Promise<SearchAnswer> {
  return callPublic(orchestratorUrl, apiKey, '/api/v1/chat', {
    user_id: userId,
    session_id: sessionId,
    message,
  });
}

export async function setCatalogFaults(catalogUrl: string, rules: unknown[]): Promise<void> {
  const response = await fetch(`${catalogUrl}/__admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules }),
  });
  if (!response.ok) throw new Error(`faults answered ${response.status}: ${await response.text()}`);
}

/** "412 ms" / "1.23 s" → milliseconds, as the latency table prints them. */
export function parseDuration(text: string): number {
  const match = /([\d.]+)\s*(ms|s|min)/.exec(text);
  if (!match) return Number.NaN;
  const value = Number(match[1]);
  return match[2] === 'ms' ? value : match[2] === 's' ? value * 1000 : value * 60_000;
}
