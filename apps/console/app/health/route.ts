/**
 * Liveness for the image's HEALTHCHECK, docker compose and the load balancer: 200 while the server answers.
 * It does not call the orchestrator, so an orchestrator outage never takes the console's tasks out of
 * service. proxy.ts lets it through without the operator cookie.
 */
export const dynamic = 'force-dynamic';

export function GET(): Response {
  return Response.json({ status: 'ok' }, { headers: { 'cache-control': 'no-store' } });
}
