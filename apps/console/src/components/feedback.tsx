import { describeError } from '../lib/api-error';

/** The three states every data view has besides "loaded": loading, failed and empty. */

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="feedback loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

export function ErrorNotice({
  error,
  title = 'Could not load this',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const failure = describeError(error);
  return (
    <div className="feedback error" role="alert">
      <p>
        <strong>{title}.</strong> {failure.message}
        {failure.code ? <span className="muted"> ({failure.code})</span> : null}
      </p>
      {failure.requestId ? <p className="muted small">Request id: {failure.requestId}</p> : null}
      {onRetry ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="feedback empty">{children}</p>;
}
