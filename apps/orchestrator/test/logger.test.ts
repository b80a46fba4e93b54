import { Writable } from 'node:stream';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('logs', () => {
  it('redact credentials and media bytes', () => {
    const { lines, logger } = capture();
    logger.info(
      { req: { headers: { authorization: 'Bearer secret-key' } }, body: { audio: { data_base64: 'AAAA' } } },
      'x',
    );
    const text = JSON.stringify(lines[0]);
    expect(text).not.toContain('secret-key');
    expect(text).not.toContain('AAAA');
    expect(text).toContain('[redacted]');
  });

  it('carry the trace and span ids of the active span', () => {
    const { lines, logger } = capture();
    const provider = new NodeTracerProvider();
    provider.register();
    provider.getTracer('test').startActiveSpan('work', (span) => {
      logger.info('inside a span');
      const { traceId, spanId } = span.spanContext();
      expect(lines[0]).toMatchObject({ trace_id: traceId, span_id: spanId });
      span.end();
    });
    logger.info('outside');
    expect(lines[1]).not.toHaveProperty('trace_id');
  });
});
