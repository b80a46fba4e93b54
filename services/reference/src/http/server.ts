import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN_PATHS, type FaultConfig, REQUEST_ID_HEADER, type ServiceName } from '@talknshop/contracts';
import type { Logger } from 'pino';
import { parseFaultConfig } from '../faults/fault-config';
import { type FaultDecision, FaultInjector } from '../faults/fault-injector';
import { malformedBody } from '../faults/malformed';
import { readJsonBody } from './body';
import { ServiceError } from './errors';
import { RequestLog } from './request-log';
import { findRoute, type Route } from './routes';

export interface ServiceDefinition {
  name: ServiceName;
  routes: Route[];
  /** Largest accepted request body. */
  bodyLimitBytes: number;
}

export interface ServiceServerOptions {
  port: number;
  host: string;
  faults: FaultConfig;
  logger: Logger | false;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const HEALTH_PATH = '/health';
const ADMIN_BODY_LIMIT_BYTES = 1024 * 1024;

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * Serves one reference service: its contract routes, `GET /health`, and the admin endpoints for fault
 * injection and request inspection. Admin and health endpoints are never faulted; every other request is
 * recorded in the request log before anything else happens to it.
 */
export async function startServiceServer(
  definition: ServiceDefinition,
  options: ServiceServerOptions,
): Promise<RunningServer> {
  const app = new ServiceApp(definition, options);
  const server = createServer((request, response) => app.handle(request, response));
  server.listen(options.port, options.host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () => app.shutdown(server),
  };
}

class ServiceApp {
  private readonly faults: FaultInjector;
  private readonly requests = new RequestLog();
  private readonly closing = new AbortController();
  private readonly endpoints: string[];

  constructor(
    private readonly definition: ServiceDefinition,
    private readonly options: ServiceServerOptions,
  ) {
    this.faults = new FaultInjector(options.faults);
    this.endpoints = [...new Set(definition.routes.map((route) => route.template))];
  }

  handle(request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    const requestId = firstHeader(request, REQUEST_ID_HEADER);
    if (requestId !== undefined) response.setHeader(REQUEST_ID_HEADER, requestId);
    response.on('finish', () => this.logAnswer(request, response, started, requestId));
    // Work for a request stops when the server closes or the client goes away.
    const abandoned = new AbortController();
    response.on('close', () => abandoned.abort());
    const signal = AbortSignal.any([this.closing.signal, abandoned.signal]);
    this.dispatch(request, response, signal).catch((error: unknown) => {
      if (error instanceof ServiceError) send(response, errorReply(error));
      else this.fail(response, error);
    });
  }

  async shutdown(server: Server): Promise<void> {
    this.closing.abort();
    const closed = once(server, 'close');
    server.close();
    server.closeAllConnections();
    await closed;
  }

  private async dispatch(
    request: IncomingMessage,
    response: ServerResponse,
    signal: AbortSignal,
  ): Promise<void> {
    const method = request.method ?? 'GET';
    const pathname = (request.url ?? '/').split('?')[0] ?? '/';
    if (pathname.startsWith('/__admin/')) return send(response, await this.admin(request, method, pathname));
    this.requests.record(request, new Date());
    if (pathname === HEALTH_PATH) {
      return send(response, method === 'GET' ? json(200, { status: 'ok' }) : methodNotAllowed(['GET']));
    }
    const lookup = findRoute(this.definition.routes, method, pathname);
    if (lookup.kind === 'missing') return send(response, errorReply(notFound(method, pathname)));
    if (lookup.kind === 'wrong-method') return send(response, methodNotAllowed(lookup.allowed));
    const { route, params } = lookup.match;
    const decision = this.faults.decide(route.template);
    // The work runs within the injected latency, as a real service's does: a latency of N ms means the answer
    // leaves N ms after the request arrived (or when the work is done, if that takes longer), not N ms plus
    // however long this process took to compute it.
    const planned =
      decision.errorStatus === null
        ? { kind: 'answer' as const, reply: settled(this.answer(route, request, params, signal)) }
        : { kind: 'error' as const, status: decision.errorStatus };
    if (!(await this.survivesDelays(decision, signal))) {
      response.destroy();
      return;
    }
    if (planned.kind === 'error') return send(response, injectedError(planned.status, route));
    const answered = await planned.reply;
    if (!answered.ok) throw answered.error;
    const reply = answered.value;
    send(
      response,
      decision.malformed === null ? reply : json200Text(malformedBody(decision.malformed, reply.body)),
    );
  }

  /** Applies injected latency and hangs; false when the request was abandoned meanwhile. */
  private async survivesDelays(decision: FaultDecision, signal: AbortSignal): Promise<boolean> {
    if (decision.latencyMs > 0) {
      await sleep(decision.latencyMs, undefined, { signal }).catch(() => undefined);
    }
    if (decision.hang && !signal.aborted) await this.faults.hangUntilReleased(signal);
    return !signal.aborted;
  }

  private async answer(
    route: Route,
    request: IncomingMessage,
    params: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Reply> {
    try {
      const body =
        route.method === 'POST' ? await readJsonBody(request, this.definition.bodyLimitBytes) : undefined;
      const result = await route.handle(body, { params, headers: request.headers, signal });
      return json(200, result);
    } catch (error) {
      if (error instanceof ServiceError) return errorReply(error);
      throw error;
    }
  }

  private async admin(request: IncomingMessage, method: string, pathname: string): Promise<Reply> {
    if (pathname === ADMIN_PATHS.faults) return this.adminFaults(request, method);
    if (pathname === ADMIN_PATHS.requests) return this.adminRequests(method);
    return errorReply(notFound(method, pathname));
  }

  private async adminFaults(request: IncomingMessage, method: string): Promise<Reply> {
    switch (method) {
      case 'GET':
        return json(200, this.faults.config);
      case 'PUT': {
        const result = parseFaultConfig(await readJsonBody(request, ADMIN_BODY_LIMIT_BYTES), this.endpoints);
        if (!result.ok) return errorReply(result.error);
        this.faults.replace(result.config);
        return json(200, this.faults.config);
      }
      case 'DELETE':
        this.faults.clear();
        return json(200, this.faults.config);
      default:
        return methodNotAllowed(['GET', 'PUT', 'DELETE']);
    }
  }

  private adminRequests(method: string): Reply {
    switch (method) {
      case 'GET':
        return json(200, this.requests.list());
      case 'DELETE':
        this.requests.clear();
        return json(200, []);
      default:
        return methodNotAllowed(['GET', 'DELETE']);
    }
  }

  private fail(response: ServerResponse, error: unknown): void {
    if (this.options.logger)
      this.options.logger.error({ err: error, service: this.definition.name }, 'request failed');
    if (response.headersSent) {
      response.destroy();
      return;
    }
    send(
      response,
      errorReply(new ServiceError(500, 'INTERNAL_ERROR', 'internal error in the reference service')),
    );
  }

  private logAnswer(
    request: IncomingMessage,
    response: ServerResponse,
    started: number,
    requestId: string | undefined,
  ): void {
    if (!this.options.logger) return;
    this.options.logger.info(
      {
        service: this.definition.name,
        method: request.method,
        path: request.url,
        status: response.statusCode,
        duration_ms: Math.round(performance.now() - started),
        request_id: requestId,
      },
      'request',
    );
  }
}

function send(response: ServerResponse, reply: Reply): void {
  if (response.destroyed || response.headersSent) return;
  response.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  response.end(reply.body);
}

function json(status: number, body: unknown): Reply {
  return { status, body: JSON.stringify(body) };
}

function json200Text(body: string): Reply {
  return { status: 200, body };
}

function errorReply(error: ServiceError): Reply {
  return json(error.status, error.toBody());
}

function notFound(method: string, pathname: string): ServiceError {
  return new ServiceError(404, 'NOT_FOUND', `no route for ${method} ${pathname}`);
}

function methodNotAllowed(allowed: string[]): Reply {
  const error = new ServiceError(
    405,
    'METHOD_NOT_ALLOWED',
    `method not allowed; use ${allowed.join(' or ')}`,
  );
  return { ...errorReply(error), headers: { allow: allowed.join(', ') } };
}

function injectedError(status: number, route: Route): Reply {
  return errorReply(new ServiceError(status, 'INJECTED_FAULT', `injected ${status} on ${route.template}`));
}

function firstHeader(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Holds a failure until the injected latency has passed: even an unexpected error answers on time. */
async function settled<T>(
  promise: Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}
