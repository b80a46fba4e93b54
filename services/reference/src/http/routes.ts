import type { IncomingHttpHeaders } from 'node:http';
import type { EndpointContract } from '@talknshop/contracts';
import type { z } from 'zod';
import { invalidRequest } from './errors';
import { validationError } from './validation';

export interface RequestContext {
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Aborted when the server shuts down or the client goes away, so outbound work (fetching media) stops. */
  signal: AbortSignal;
}

/** One endpoint of a service: its route template and how to turn a validated request into a 200 body. */
export interface Route {
  method: 'GET' | 'POST';
  template: string;
  /** GET endpoints take their input from the path; POST endpoints from the JSON body. */
  handle(body: unknown, context: RequestContext): Promise<unknown>;
}

export type Handler<Req extends z.ZodType, Res extends z.ZodType> = (
  input: z.output<Req>,
  context: RequestContext,
) => Promise<z.input<Res>> | z.input<Res>;

/** A route that validates its input against the contract's request and its output against its response. */
export function contractRoute<Req extends z.ZodType, Res extends z.ZodType>(
  contract: EndpointContract<Req, Res>,
  handler: Handler<Req, Res>,
): Route {
  return {
    method: contract.method,
    template: contract.path,
    async handle(body, context) {
      const parsed = contract.request.safeParse(contract.method === 'GET' ? context.params : body);
      if (!parsed.success) throw validationError(parsed.error);
      const result = await handler(parsed.data, context);
      const checked = contract.response.safeParse(result);
      if (!checked.success) {
        throw new Error(`${contract.method} ${contract.path} produced a response that breaks its contract`, {
          cause: checked.error,
        });
      }
      return checked.data;
    },
  };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export type RouteLookup =
  | { kind: 'found'; match: RouteMatch }
  | { kind: 'wrong-method'; allowed: string[] }
  | { kind: 'missing' };

/** Finds the route for a method and path; path parameters are percent-decoded. */
export function findRoute(routes: readonly Route[], method: string, pathname: string): RouteLookup {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchTemplate(route.template, pathname);
    if (params === null) continue;
    if (route.method === method) return { kind: 'found', match: { route, params } };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'wrong-method', allowed } : { kind: 'missing' };
}

export function matchTemplate(template: string, pathname: string): Record<string, string> | null {
  const expected = template.split('/');
  const actual = pathname.split('/');
  if (expected.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? '';
    const name = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (name === undefined) {
      if (segment !== value) return null;
    } else {
      if (value === '') return null;
      params[name] = decodeSegment(value, name);
    }
  }
  return params;
}

function decodeSegment(value: string, name: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw invalidRequest(`${name} is not a valid percent-encoded path segment`, name);
  }
}
