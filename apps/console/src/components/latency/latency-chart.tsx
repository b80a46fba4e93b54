import { type ChartFrame, latencyChart, type SeriesPoint } from '../../lib/chart';
import { formatClock, formatMs } from '../../lib/format';

const FRAME: ChartFrame = { width: 560, height: 180, padding: { top: 12, right: 12, bottom: 26, left: 58 } };

/** p50/p95/p99 over the window as an inline SVG; gaps are buckets without calls. */
export function LatencyChart({ series, label }: { series: SeriesPoint[]; label: string }) {
  if (series.length === 0) return <p className="muted small">No calls in this window.</p>;
  const chart = latencyChart(series, FRAME);
  const { plot } = chart;
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${FRAME.width} ${FRAME.height}`}
        role="img"
        aria-label={`${label}: p50, p95 and p99 latency over time, up to ${formatMs(chart.yMax)}`}
      >
        {chart.yTicks.map((tick) => (
          <g key={tick.value}>
            <line x1={plot.x0} x2={plot.x1} y1={tick.y} y2={tick.y} className="grid" />
            <text x={plot.x0 - 6} y={tick.y + 4} textAnchor="end" className="axis">
              {formatMs(tick.value)}
            </text>
          </g>
        ))}
        {chart.xTicks.map((tick) => (
          <text key={tick.at} x={tick.x} y={FRAME.height - 8} textAnchor="middle" className="axis">
            {formatClock(tick.at)}
          </text>
        ))}
        {chart.lines.map((line) => (
          <path key={line.name} d={line.path} className={`line ${line.name}`} />
        ))}
        {chart.lines.flatMap((line) =>
          line.points.map((point) => (
            <circle
              key={`${line.name}-${point.x}`}
              cx={point.x}
              cy={point.y}
              r={2.2}
              className={`dot ${line.name}`}
            />
          )),
        )}
      </svg>
      <figcaption className="legend">
        <span className="key p50">p50</span>
        <span className="key p95">p95</span>
        <span className="key p99">p99</span>
      </figcaption>
    </figure>
  );
}
