import { describe, expect, it } from 'vitest';
import { delta, parsePrometheus, sumBy } from '../src/measure/prom-metrics';

const BEFORE = `# HELP talknshop_dynamodb_operations_total DynamoDB operations
# TYPE talknshop_dynamodb_operations_total counter
talknshop_dynamodb_operations_total{operation="PutItem",outcome="ok"} 10
talknshop_dynamodb_operations_total{operation="PutItem",outcome="ConditionalCheckFailedException"} 1
talknshop_dynamodb_operations_total{operation="GetItem",outcome="ok"} 3
talknshop_process_resident_memory_bytes 123456
`;
const AFTER = BEFORE.replace('"ok"} 10', '"ok"} 14').concat(
  'talknshop_dynamodb_operations_total{operation="UpdateItem",outcome="ok"} 2\n',
);

describe('Prometheus deltas', () => {
  it('sums samples by one label, whatever the others', () => {
    expect(sumBy(parsePrometheus(BEFORE), 'talknshop_dynamodb_operations_total', 'operation')).toEqual({
      PutItem: 11,
      GetItem: 3,
    });
  });

  it('keeps only what moved between two scrapes', () => {
    const name = 'talknshop_dynamodb_operations_total';
    const moved = delta(
      sumBy(parsePrometheus(BEFORE), name, 'operation'),
      sumBy(parsePrometheus(AFTER), name, 'operation'),
    );
    expect(moved).toEqual({ PutItem: 4, UpdateItem: 2 });
  });

  it('reads unlabelled samples and skips comments', () => {
    const samples = parsePrometheus(BEFORE);
    expect(samples.find((sample) => sample.name === 'talknshop_process_resident_memory_bytes')).toEqual({
      name: 'talknshop_process_resident_memory_bytes',
      labels: {},
      value: 123456,
    });
    expect(samples.some((sample) => sample.name.startsWith('#'))).toBe(false);
  });
});
