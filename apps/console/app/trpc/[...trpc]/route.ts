import {
  DEFAULT_ORCHESTRATOR_URL,
  forwardedRequestHeaders,
  forwardedResponseHeaders,
  unreachableBody,
  upstreamUrl,
} from '../../../src/lib/forward';

// Read per request, so one build serves any orchestrator address (ORCHESTRATOR_URL at run time).
export const dynamic = 'force-dynamic';

async function forward(request: Request): Promise<Response> {
  const incoming = new URL(request.url);
  const base = process.env.ORCHESTRATOR_URL || DEFAULT_ORCHESTRATOR_URL;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    const upstream = await fetch(upstreamUrl(base, incoming), {
      method: request.method,
      headers: forwardedRequestHeaders(request.headers),
      body: hasBody ? await request.arrayBuffer() : null,
      redirect: 'manual',
      cache: 'no-store',
      signal: request.signal,
    });
    return new Response(upstream.body, {
      status: upstream.status,
      headers: forwardedResponseHeaders(upstream.headers),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return Response.json(unreachableBody(incoming, reason), {
      status: 502,
      headers: { 'cache-control': 'no-store' },
    });
  }
}

export { forward as GET, forward as POST };
