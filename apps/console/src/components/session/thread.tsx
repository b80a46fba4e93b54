import { formatBytes, formatDateTime, formatPercent, formatPrice } from '../../lib/format';
import type { ImageAttributes, MediaSummary, ResultCard, ThreadItem, Transcript } from '../../lib/workflow';

function Media({ label, media }: { label: string; media: MediaSummary }) {
  return (
    <p className="media-note">
      <span className="tag">{label}</span> {media.content_type}, {formatBytes(media.bytes)}
      {media.url ? (
        <>
          {' '}
          from <span className="mono">{media.url}</span>
        </>
      ) : null}
    </p>
  );
}

function TranscriptNote({ transcript }: { transcript: Transcript }) {
  return (
    <blockquote className="transcript">
      “{transcript.transcript}”
      <footer className="muted small">
        transcript · {transcript.language} · confidence {formatPercent(transcript.confidence)} ·{' '}
        {transcript.duration_seconds.toFixed(1)} s
      </footer>
    </blockquote>
  );
}

function ImageNote({ attributes }: { attributes: ImageAttributes }) {
  return (
    <dl className="attributes">
      {attributes.product_type ? (
        <>
          <dt>Looks like</dt>
          <dd>{attributes.product_type}</dd>
        </>
      ) : null}
      {attributes.labels.length > 0 ? (
        <>
          <dt>Labels</dt>
          <dd>
            {attributes.labels
              .slice(0, 6)
              .map((l) => `${l.name} ${formatPercent(l.confidence)}`)
              .join(', ')}
          </dd>
        </>
      ) : null}
      {attributes.colors.length > 0 ? (
        <>
          <dt>Colours</dt>
          <dd className="swatches">
            {attributes.colors.slice(0, 5).map((c) => (
              <span key={c.hex + c.name} className="swatch-item">
                <span className="swatch" style={{ background: c.hex }} aria-hidden="true" />
                {c.name} {formatPercent(c.fraction)}
              </span>
            ))}
          </dd>
        </>
      ) : null}
      {attributes.detected_text.length > 0 ? (
        <>
          <dt>Text</dt>
          <dd>{attributes.detected_text.join(' · ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Cards({ results }: { results: ResultCard[] }) {
  return (
    <ol className="result-cards" aria-label="Results">
      {results.map((card) => (
        <li key={card.product_id} className="result-card">
          <span className="rank">
            <span className="visually-hidden">Rank </span>
            {card.rank}
          </span>
          <div>
            <p className="result-line result-title">{card.title ?? card.product_id}</p>
            <p className="result-line muted small">
              {[card.brand, formatPrice(card.price, card.currency), `score ${card.score.toFixed(2)}`]
                .filter((part) => part && part !== '—')
                .join(' · ')}
            </p>
            <p className="result-line mono small muted">{card.product_id}</p>
            {card.badges.length > 0 ? (
              <p className="result-line badges">
                {card.badges.map((b) => (
                  <span key={b} className="tag">
                    {b}
                  </span>
                ))}
              </p>
            ) : null}
            {card.why_ranked.length > 0 ? (
              <p className="result-line small">{card.why_ranked.slice(0, 2).join('; ')}</p>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Bubble({
  who,
  at,
  tone,
  children,
}: {
  who: string;
  at: string | null;
  tone: 'shopper' | 'assistant' | 'problem';
  children: React.ReactNode;
}) {
  return (
    <li className={`bubble ${tone}`}>
      <p className="bubble-head">
        <strong>{who}</strong>
        {at ? <time dateTime={at}>{formatDateTime(at)}</time> : null}
      </p>
      {children}
    </li>
  );
}

function Item({ item }: { item: ThreadItem }) {
  switch (item.kind) {
    case 'shopper':
      return (
        <Bubble who="Shopper" at={item.at} tone="shopper">
          {item.text ? <p className="said">{item.text}</p> : null}
          {item.audio ? <Media label="Voice note" media={item.audio} /> : null}
          {item.transcript ? <TranscriptNote transcript={item.transcript} /> : null}
          {item.image ? <Media label="Photo" media={item.image} /> : null}
          {item.imageAttributes ? <ImageNote attributes={item.imageAttributes} /> : null}
        </Bubble>
      );
    case 'question':
      return (
        <Bubble who="Assistant asks" at={item.at} tone="assistant">
          <p className="said">{item.question}</p>
          <p className="muted small">
            about <span className="mono">{item.field}</span>
            {item.suggestions.length > 0 ? ' · suggestions: ' : ''}
            {item.suggestions.map((s) => (
              <span key={s} className="tag">
                {s}
              </span>
            ))}
          </p>
        </Bubble>
      );
    case 'answer':
      return (
        <Bubble who="Shopper answers" at={item.at} tone="shopper">
          {item.text ? <p className="said">{item.text}</p> : null}
          {item.fields ? (
            <p className="mono small">
              {Object.entries(item.fields)
                .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
                .join(', ')}
            </p>
          ) : null}
        </Bubble>
      );
    case 'awaiting':
      return (
        <li className="bubble pending">
          <p className="muted">Waiting for the shopper to answer ({item.field})…</p>
        </li>
      );
    case 'reply':
      return (
        <Bubble who="Assistant replies" at={item.at} tone="assistant">
          {item.text ? <p className="said">{item.text}</p> : <p className="muted">No reply text.</p>}
          {item.results.length > 0 ? <Cards results={item.results} /> : null}
        </Bubble>
      );
    case 'failure':
      return (
        <Bubble who="Failed" at={null} tone="problem">
          <p>
            <span className="mono">{item.code}</span>
            {item.service ? ` from ${item.service}` : ''}: {item.message}
          </p>
        </Bubble>
      );
  }
}

export function Thread({ items }: { items: ThreadItem[] }) {
  return (
    <ol className="thread" aria-label="Conversation">
      {items.map((item, index) => (
        // Thread items have no ids of their own; their order never changes.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Item key={index} item={item} />
      ))}
    </ol>
  );
}
