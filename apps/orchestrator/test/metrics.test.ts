import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, startTestStack, type TestStack } from './support/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);

afterAll(async () => {
  await stack?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${stack.api.url}/metrics`);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** Sums every sample of a metric whose labels contain all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (matches) total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

describe('GET /metrics', () => {
  it('exposes every metric family, with process metrics', async () => {
    const text = await scrape();
    for (const family of [
      'talknshop_http_request_duration_seconds',
      'talknshop_workflow_duration_seconds',
      'talknshop_workflow_state_duration_seconds',
      'talknshop_downstream_call_duration_seconds',
      'talknshop_downstream_retries_total',
      'talknshop_circuit_breaker_state',
      'talknshop_rate_limit_rejections_total',
      'talknshop_dynamodb_operation_duration_seconds',
      'talknshop_dynamodb_operations_total',
      'talknshop_dynamodb_conditional_check_failures_total',
      'talknshop_dynamodb_write_bytes_total',
      'talknshop_process_resident_memory_bytes',
    ]) {
      expect(text, family).toContain(`# TYPE ${family}`);
    }
    expect(sample(text, 'talknshop_circuit_breaker_state', { service: 'catalog' })).toBe(0);
  });

  it('moves after traffic', async () => {
    const before = await scrape();
    const response = await post(`${stack.api.url}/api/v1/search`, {
      user_id: 'metrics',
      query: 'sony headphones',
    });
    expect(response.status).toBe(200);
    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sample(after, name, labels) - sample(before, name, labels);
    expect(
      delta('talknshop_http_request_duration_seconds_count', { route: '/api/v1/search', status: '200' }),
    ).toBe(1);
    expect(delta('talknshop_workflow_duration_seconds_count', { outcome: 'completed' })).toBe(1);
    expect(
      delta('talknshop_downstream_call_duration_seconds_count', { service: 'catalog', endpoint: '/search' }),
    ).toBe(1);
    expect(delta('talknshop_downstream_call_duration_seconds_count', { service: 'composer' })).toBe(2);
    expect(delta('talknshop_dynamodb_operations_total', { operation: 'PutItem' })).toBeGreaterThanOrEqual(2);
    expect(delta('talknshop_dynamodb_write_bytes_total')).toBeGreaterThan(0);
    expect(delta('talknshop_workflow_state_duration_seconds_count', { state: 'SEARCHING' })).toBe(1);
  });
});
