import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startTestStack, type TestStack } from './support/stack';

const exporter = new InMemorySpanExporter();
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({}, { spanProcessors: [new SimpleSpanProcessor(exporter)] });
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing', () => {
  it('continues the caller’s trace through workflow states, downstream calls and DynamoDB', async () => {
    await fetch(new URL('/__admin/requests', stack.urls.catalog), { method: 'DELETE' });
    const response = await post(
      `${stack.api.url}/api/v1/search`,
      { user_id: 'traced', query: 'sony headphones' },
      { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
    );
    expect(response.status).toBe(200);

    const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === TRACE_ID);
    const byName = (name: string) => spans.filter((span) => span.name === name);
    const server = byName('POST /api/v1/search')[0]!;
    expect(server, 'server span').toBeDefined();
    expect(parentOf(server)).toBe(CALLER_SPAN);

    const searching = byName('workflow SEARCHING')[0]!;
    const ranking = byName('workflow RANKING')[0]!;
    expect(parentOf(byName('workflow REQUIREMENT_BUILDING')[0]!)).toBe(server.spanContext().spanId);
    expect(parentOf(searching)).toBe(server.spanContext().spanId);

    const catalogCall = byName('POST catalog /search')[0]!;
    expect(parentOf(catalogCall)).toBe(searching.spanContext().spanId);
    expect(byName('POST composer /rank').map(parentOf)).toEqual([ranking.spanContext().spanId]);
    expect(byName('POST composer /compose').map(parentOf)).toEqual([ranking.spanContext().spanId]);

    const dynamo = spans.filter((span) => span.name.startsWith('dynamodb '));
    expect(dynamo.map((span) => span.name)).toEqual(
      expect.arrayContaining(['dynamodb PutItem', 'dynamodb UpdateItem']),
    );

    const seen = (await (await fetch(new URL('/__admin/requests', stack.urls.catalog))).json()) as {
      path: string;
      headers: Record<string, string>;
    }[];
    const forwarded = seen.find((request) => request.path === '/search')?.headers.traceparent;
    expect(forwarded).toBe(`00-${TRACE_ID}-${catalogCall.spanContext().spanId}-01`);
  });

  it('starts a new trace when the caller sends none', async () => {
    exporter.reset();
    await post(`${stack.api.url}/api/v1/search`, { user_id: 'traced', query: 'blue backpack' });
    const server = exporter.getFinishedSpans().find((span) => span.name === 'POST /api/v1/search');
    expect(server).toBeDefined();
    expect(parentOf(server!)).toBeUndefined();
  });
});
