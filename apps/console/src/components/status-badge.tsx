/** Request statuses and workflow states share one palette: green done, red failed, amber waiting. */
const TONES: Record<string, string> = {
  completed: 'good',
  COMPLETED: 'good',
  failed: 'bad',
  FAILED: 'bad',
  pending: 'wait',
  CLARIFICATION: 'wait',
  processing: 'busy',
  closed: 'good',
  open: 'bad',
  'half-open': 'wait',
};

export function StatusBadge({ value }: { value: string }) {
  return <span className={`badge tone-${TONES[value] ?? 'busy'}`}>{value}</span>;
}
