import { describe, expect, it } from 'vitest';
import { latencyChart, linearScale, linePath, niceCeiling } from '../src/lib/chart';

describe('linearScale', () => {
  it('maps the domain onto the range, inverted axes included', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
  });
  it('centres a flat domain instead of dividing by zero', () => {
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });
});

describe('niceCeiling', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(12)).toBe(20);
    expect(niceCeiling(400)).toBe(500);
    expect(niceCeiling(501)).toBe(1000);
    expect(niceCeiling(1000)).toBe(1000);
  });
});

describe('linePath', () => {
  const identity = (v: number) => v;
  it('draws through the points', () => {
    expect(
      linePath(
        [
          { x: 0, y: 1 },
          { x: 2, y: 3 },
        ],
        identity,
        identity,
      ),
    ).toBe('M0 1 L2 3');
  });
  it('breaks the line where a bucket had no samples', () => {
    expect(
      linePath(
        [
          { x: 0, y: 1 },
          { x: 1, y: null },
          { x: 2, y: 3 },
          { x: 3, y: 4 },
        ],
        identity,
        identity,
      ),
    ).toBe('M0 1 M2 3 L3 4');
  });
  it('is empty without data', () => {
    expect(linePath([{ x: 0, y: null }], identity, identity)).toBe('');
  });
});

describe('latencyChart', () => {
  const frame = { width: 200, height: 120, padding: { top: 10, right: 10, bottom: 10, left: 10 } };
  const series = [
    { at: '2025-01-01T00:00:00Z', p50: 10, p95: 40, p99: 90 },
    { at: '2025-01-01T00:01:00Z', p50: null, p95: null, p99: null },
    { at: '2025-01-01T00:02:00Z', p50: 20, p95: 400, p99: 420 },
  ];

  it('scales y from zero to a round maximum above the highest percentile', () => {
    const chart = latencyChart(series, frame);
    expect(chart.yMax).toBe(500);
    expect(chart.yTicks.map((t) => t.value)).toEqual([0, 250, 500]);
    expect(chart.yTicks[0]?.y).toBe(110);
    expect(chart.yTicks[2]?.y).toBe(10);
  });

  it('spans the plot horizontally and leaves gaps for empty buckets', () => {
    const chart = latencyChart(series, frame);
    const p95 = chart.lines.find((l) => l.name === 'p95');
    // 400 of 500 ms is 4/5 of the 100 px plot height above the bottom edge at y=110.
    expect(p95?.path).toBe('M10 102 M190 30');
    expect(p95?.points).toEqual([
      { x: 10, y: 102 },
      { x: 190, y: 30 },
    ]);
    expect(chart.xTicks[0]).toEqual({ at: '2025-01-01T00:00:00Z', x: 10 });
  });
});
