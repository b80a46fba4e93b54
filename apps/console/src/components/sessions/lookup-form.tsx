'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../lib/api-error';
import { sessionHref } from '../../lib/routes';
import { trpc } from '../../trpc';

/** Jump straight to a session by its id or by the id of one of its requests (from a log line or a ticket). */
export function LookupForm() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = id.trim();
    if (!wanted) return;
    setBusy(true);
    setError(null);
    try {
      const found = await utils.admin.sessions.lookup.fetch({ id: wanted });
      router.push(sessionHref(found.session_id, found.request_id));
    } catch (failure) {
      const described = describeError(failure);
      setError(
        described.status === 404 ? `No session or request has the id “${wanted}”.` : described.message,
      );
      setBusy(false);
    }
  };

  return (
    <search>
      <form className="lookup" onSubmit={submit} aria-label="Find a session">
        <label htmlFor="lookup-id">Session or request id</label>
        <div className="inline">
          <input
            id="lookup-id"
            value={id}
            onChange={(e) => setId(e.target.value)}
            placeholder="session_id or request_id"
            spellCheck={false}
            aria-describedby={error ? 'lookup-error' : undefined}
          />
          <button type="submit" className="button" disabled={busy || !id.trim()}>
            {busy ? 'Looking…' : 'Open'}
          </button>
        </div>
        {error ? (
          <p id="lookup-error" className="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </form>
    </search>
  );
}
