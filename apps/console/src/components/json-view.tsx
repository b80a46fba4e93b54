/** Raw stored data, folded away by default: the ground truth when the friendly views are not enough. */
export function JsonView({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="json-view">
      <summary className="json-summary">{label}</summary>
      <pre>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
