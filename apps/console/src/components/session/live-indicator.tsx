import type { LiveState } from './use-session-events';

const LABELS: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  off: 'Not live',
};

const TITLES: Record<LiveState, string> = {
  connecting: 'Opening the live feed of this session',
  live: 'This page updates as the workflow runs',
  reconnecting: 'The live feed dropped; reconnecting where it left off',
  off: 'The live feed stopped; the page refreshes itself every 30 seconds',
};

/** A small badge saying whether the session page is following the workflow as it happens. */
export function LiveIndicator({ state, onReconnect }: { state: LiveState; onReconnect(): void }) {
  return (
    <span className="live-indicator" data-live={state} title={TITLES[state]}>
      <span role="status" aria-live="polite" className="live-state">
        <span className="live-dot" aria-hidden="true" />
        {LABELS[state]}
      </span>
      {state === 'off' ? (
        <button type="button" className="button" onClick={onReconnect}>
          Reconnect
        </button>
      ) : null}
    </span>
  );
}
