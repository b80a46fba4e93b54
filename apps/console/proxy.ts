import { type NextRequest, NextResponse } from 'next/server';
import { loginPath } from './src/lib/next-path';

/**
 * Pages need an operator cookie; without one the browser is sent to /login. This is only the UI's
 * courtesy: the cookie is httpOnly and verified by the orchestrator, which answers 401 to every admin call
 * without a valid one (an expired cookie passes here and is caught by the client on its first 401).
 * The name matches OPERATOR_COOKIE in @talknshop/api, whose runtime code the console does not bundle.
 * Not matched: the login page, the /trpc relay, Next's assets, and exactly /health (the health checks
 * carry no cookie and must get 200, not a redirect).
 */
const OPERATOR_COOKIE = 'tns_operator';

export function proxy(request: NextRequest): NextResponse {
  if (request.cookies.has(OPERATOR_COOKIE)) return NextResponse.next();
  const { pathname, search } = request.nextUrl;
  return NextResponse.redirect(new URL(loginPath(pathname + search), request.url));
}

export const config = {
  matcher: ['/((?!login|health$|trpc/|_next/|favicon\\.ico|icon\\.svg).*)'],
};
