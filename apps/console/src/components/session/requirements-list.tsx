import { flattenRequirements } from '../../lib/requirements-view';
import type { Requirements } from '../../lib/workflow';

export function RequirementsList({ requirements }: { requirements: Requirements }) {
  const rows = [...flattenRequirements(requirements)].filter(([, value]) => value !== '—');
  if (rows.length === 0) return <p className="muted">Nothing extracted yet.</p>;
  return (
    <dl className="requirements">
      {rows.map(([field, value]) => (
        <div key={field}>
          <dt className="mono">{field}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
