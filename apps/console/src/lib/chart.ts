/** Time series → inline SVG geometry (no chart library): scales, nice axis bounds and line paths. */

export type Scale = (value: number) => number;

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  // A flat domain (one point, or all zeros) would divide by zero; centre it instead.
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** The smallest 1/2/5 × 10^k at or above `value`, so axis labels are round numbers. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

export interface Point {
  x: number;
  y: number | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** An SVG path through the points; a null `y` (no samples in that bucket) breaks the line. */
export function linePath(points: readonly Point[], x: Scale, y: Scale): string {
  const parts: string[] = [];
  let drawing = false;
  for (const point of points) {
    if (point.y === null) {
      drawing = false;
      continue;
    }
    parts.push(`${drawing ? 'L' : 'M'}${round(x(point.x))} ${round(y(point.y))}`);
    drawing = true;
  }
  return parts.join(' ');
}

export interface ChartFrame {
  width: number;
  height: number;
  /** Room for the axis labels. */
  padding: { top: number; right: number; bottom: number; left: number };
}

export interface SeriesPoint {
  at: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface LatencyChart {
  /** Each percentile's line, and its points (a bucket alone between gaps has no segment to draw). */
  lines: { name: 'p50' | 'p95' | 'p99'; path: string; points: { x: number; y: number }[] }[];
  yMax: number;
  yTicks: { value: number; y: number }[];
  xTicks: { at: string; x: number }[];
  plot: { x0: number; x1: number; y0: number; y1: number };
}

/** Lays out p50/p95/p99 over time in a frame; the y axis starts at 0 and ends at a round number. */
export function latencyChart(
  series: readonly SeriesPoint[],
  frame: ChartFrame,
  xTickCount = 4,
): LatencyChart {
  const plot = {
    x0: frame.padding.left,
    x1: frame.width - frame.padding.right,
    y0: frame.height - frame.padding.bottom,
    y1: frame.padding.top,
  };
  const times = series.map((p) => new Date(p.at).getTime());
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const highest = Math.max(0, ...series.flatMap((p) => [p.p50, p.p95, p.p99].filter((v) => v !== null)));
  const yMax = niceCeiling(highest);
  const x = linearScale([t0, t1], [plot.x0, plot.x1]);
  const y = linearScale([0, yMax], [plot.y0, plot.y1]);
  // Highest first: drawn in this order, the lower percentiles stay visible where the lines coincide.
  const lines = (['p99', 'p95', 'p50'] as const).map((name) => {
    const points = series.map((p, i) => ({ x: times[i] ?? 0, y: p[name] }));
    return {
      name,
      path: linePath(points, x, y),
      points: points.flatMap((p) => (p.y === null ? [] : [{ x: round(x(p.x)), y: round(y(p.y)) }])),
    };
  });
  const yTicks = [0, 0.5, 1].map((f) => ({ value: yMax * f, y: round(y(yMax * f)) }));
  const xTicks: LatencyChart['xTicks'] = [];
  if (series.length > 0) {
    const step = Math.max(1, Math.floor((series.length - 1) / Math.max(1, xTickCount - 1)));
    for (let i = 0; i < series.length; i += step) {
      const point = series[i];
      if (point) xTicks.push({ at: point.at, x: round(x(times[i] ?? 0)) });
    }
  }
  return { lines, yMax, yTicks, xTicks, plot };
}
