import { formatMs } from '../../lib/format';
import { requirementRows } from '../../lib/requirements-view';
import { latencyDelta, type MarkedResult, markResults } from '../../lib/results-view';
import type { AdminOutputs } from '../../trpc';

type Diff = AdminOutputs['replays']['get']['diff'];

function SectionHead({ title, same }: { title: string; same: boolean }) {
  return (
    <h2 className="diff-head">
      {title} <span className={`tag ${same ? 'tag-same' : 'tag-differs'}`}>{same ? 'same' : 'differs'}</span>
    </h2>
  );
}

export function StatePathDiff({ diff }: { diff: Diff['state_path'] }) {
  const column = (states: string[], other: string[], label: string) => (
    <ol className="state-path" aria-label={label}>
      {states.map((state, i) => (
        // A path can visit a state twice and never reorders: the position is the identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <li key={`${state}-${i}`} className={other[i] === state ? undefined : 'changed'}>
          {state}
        </li>
      ))}
    </ol>
  );
  return (
    <section className="diff-section" aria-label="State path">
      <SectionHead title="State path" same={diff.same} />
      <div className="side-by-side">
        {column(diff.original, diff.replay, 'Original state path')}
        {column(diff.replay, diff.original, 'Replay state path')}
      </div>
    </section>
  );
}

export function RequirementsDiff({ diff }: { diff: Diff['requirements'] }) {
  // Fields empty on both sides say nothing; they are left out unless the diff names them.
  const rows = requirementRows(diff.original, diff.replay, diff.changed_fields).filter(
    (row) => row.changed || row.original !== '—' || row.replay !== '—',
  );
  return (
    <section className="diff-section" aria-label="Requirements">
      <SectionHead title="Requirements" same={diff.same} />
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Original</th>
            <th scope="col">Replay</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.field} className={row.changed ? 'changed' : undefined}>
              <th scope="row" className="mono">
                {row.field}
                {row.changed ? <span className="changed-mark"> changed</span> : null}
              </th>
              <td>{row.original}</td>
              <td>{row.replay}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function markText(entry: MarkedResult, side: 'original' | 'replay'): string {
  if (entry.mark === 'only') return side === 'original' ? 'dropped' : 'new';
  if (entry.mark === 'moved')
    return side === 'original' ? `→ #${entry.otherPosition}` : `was #${entry.otherPosition}`;
  return '';
}

export function ResultsDiff({ diff, titles }: { diff: Diff['results']; titles: Map<string, string> }) {
  const marked = markResults(diff.original, diff.replay);
  const column = (entries: MarkedResult[], side: 'original' | 'replay') =>
    entries.length === 0 ? (
      <p className="muted">No results.</p>
    ) : (
      <ol className="result-diff" aria-label={side === 'original' ? 'Original results' : 'Replay results'}>
        {entries.map((entry) => (
          <li key={entry.product_id} className={`mark-${entry.mark}`}>
            <span className="rank">{entry.position}</span>
            <span className="result-name">
              {titles.get(entry.product_id) ?? entry.product_id}
              <span className="mono small muted"> {entry.product_id}</span>
            </span>
            {entry.mark !== 'same' ? <span className="tag">{markText(entry, side)}</span> : null}
          </li>
        ))}
      </ol>
    );
  return (
    <section className="diff-section" aria-label="Results">
      <SectionHead title="Results" same={diff.same} />
      <p className="muted small">
        In both: {diff.overlap.length} · only in original: {diff.only_original.length} · only in replay:{' '}
        {diff.only_replay.length} · moved: {diff.moved.length}
      </p>
      <div className="side-by-side">
        {column(marked.original, 'original')}
        {column(marked.replay, 'replay')}
      </div>
    </section>
  );
}

export function ReplyDiff({ diff }: { diff: Diff['reply'] }) {
  return (
    <section className="diff-section" aria-label="Reply">
      <SectionHead title="Reply" same={diff.same} />
      <div className="side-by-side">
        <blockquote className={`reply-text${diff.same ? '' : ' changed'}`}>
          {diff.original ?? <em>no reply</em>}
        </blockquote>
        <blockquote className={`reply-text${diff.same ? '' : ' changed'}`}>
          {diff.replay ?? <em>no reply</em>}
        </blockquote>
      </div>
    </section>
  );
}

export function LatencyDiff({ rows }: { rows: Diff['step_latency'] }) {
  return (
    <section className="diff-section" aria-label="Per-step latency">
      <h2 className="diff-head">Per-step latency</h2>
      <table className="data-table compact">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Original
            </th>
            <th scope="col" className="num">
              Replay
            </th>
            <th scope="col" className="num">
              Difference
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const delta = latencyDelta(row.original_ms, row.replay_ms);
            return (
              <tr key={row.state}>
                <th scope="row" className="mono">
                  {row.state}
                </th>
                <td className="num">{formatMs(row.original_ms)}</td>
                <td className="num">{formatMs(row.replay_ms)}</td>
                <td className="num">
                  {delta === null
                    ? '—'
                    : `${delta > 0 ? '+' : delta < 0 ? '−' : '±'}${formatMs(Math.abs(delta))}`}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function FailureDiff({ diff }: { diff: NonNullable<Diff['failure']> }) {
  if (!diff.original && !diff.replay) return null;
  const failureText = (failure: typeof diff.original) =>
    failure ? (
      <p>
        <span className="mono">{failure.code}</span>: {failure.message}
      </p>
    ) : (
      <p className="muted">Did not fail.</p>
    );
  return (
    <section className="diff-section" aria-label="Failure">
      <SectionHead title="Failure" same={diff.same} />
      <div className="side-by-side">
        <div className="panel">{failureText(diff.original)}</div>
        <div className="panel">{failureText(diff.replay)}</div>
      </div>
    </section>
  );
}
