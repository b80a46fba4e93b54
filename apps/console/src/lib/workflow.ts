import type { InputData, WorkflowRecord } from '@talknshop/api';

/**
 * The admin API hands over `input_data` and `workflow_state` as stored (untyped JSON). These readers give
 * them the stored shape back, tolerating records written before a field existed, and derive what the
 * session page shows: the conversation thread, the state timeline with its downstream calls, result cards.
 */

type Steps = WorkflowRecord['steps'];
export type CallRecord = WorkflowRecord['calls'][number];
export type MediaSummary = NonNullable<InputData['audio']>;
export type Transcript = NonNullable<Steps['transcript']>;
export type ImageAttributes = NonNullable<Steps['image_attributes']>;
export type Requirements = NonNullable<Steps['requirements']>;

const EMPTY_STEPS: Steps = {
  transcript: null,
  image_attributes: null,
  requirements: null,
  search: null,
  ranking: null,
  reply: null,
};

export function readWorkflow(raw: Record<string, unknown>): WorkflowRecord {
  const record = raw as Partial<WorkflowRecord>;
  return {
    current: record.current ?? 'INITIAL',
    history: record.history ?? [],
    steps: { ...EMPTY_STEPS, ...record.steps },
    clarifications: record.clarifications ?? [],
    activities: record.activities ?? [],
    calls: record.calls ?? [],
    errors: record.errors ?? [],
    degraded: record.degraded ?? [],
    failure: record.failure ?? null,
  };
}

/** The part of a request's stored input the thread shows. */
export type ShopperInput = Pick<InputData, 'text' | 'audio' | 'image'>;

export function readInput(raw: Record<string, unknown>): ShopperInput {
  const input = raw as Partial<InputData>;
  return { text: input.text ?? null, audio: input.audio ?? null, image: input.image ?? null };
}

// ---------------------------------------------------------------------------------------------------------
// Timeline: each state the request went through, with the downstream calls made while in it.
// ---------------------------------------------------------------------------------------------------------

export interface TimelineEntry {
  state: string;
  entered_at: string;
  left_at: string | null;
  duration_ms: number | null;
  calls: CallRecord[];
}

const time = (iso: string) => new Date(iso).getTime();

/** Calls belong to the state that was current when they started (the last one entered at or before). */
export function timelineOf(record: WorkflowRecord): { entries: TimelineEntry[]; unplaced: CallRecord[] } {
  const entries: TimelineEntry[] = record.history.map((t) => ({ ...t, calls: [] }));
  const unplaced: CallRecord[] = [];
  const calls = [...record.calls].sort((a, b) => time(a.started_at) - time(b.started_at));
  for (const call of calls) {
    const started = time(call.started_at);
    const owner = entries.findLast((entry) => time(entry.entered_at) <= started);
    if (owner) owner.calls.push(call);
    else unplaced.push(call);
  }
  return { entries, unplaced };
}

// ---------------------------------------------------------------------------------------------------------
// Result cards: the ranking, with whatever product details the recorded activities carry.
// ---------------------------------------------------------------------------------------------------------

export interface ResultCard {
  rank: number;
  product_id: string;
  title: string | null;
  brand: string | null;
  price: number | null;
  currency: string | null;
  score: number;
  why_ranked: string[];
  badges: string[];
}

interface ProductFacts {
  title?: string;
  brand?: string;
  price?: number;
  currency?: string;
  badges?: string[];
}

function productFacts(record: WorkflowRecord): Map<string, ProductFacts> {
  const facts = new Map<string, ProductFacts>();
  const merge = (id: string, more: ProductFacts) => facts.set(id, { ...facts.get(id), ...more });
  // Later activities (rank, then compose) describe the products better, so they are merged last.
  for (const activity of record.activities) {
    if (!activity.outcome.ok) continue;
    if (activity.name === 'search' || activity.name === 'rank') {
      for (const p of activity.outcome.value.products) {
        merge(p.product_id, { title: p.title, brand: p.brand, price: p.price, currency: p.currency });
      }
    } else if (activity.name === 'compose') {
      for (const card of activity.outcome.value.cards) {
        merge(card.product_id, {
          title: card.title,
          price: card.price,
          currency: card.currency,
          badges: card.badges,
        });
      }
    }
  }
  return facts;
}

export function resultCardsOf(record: WorkflowRecord): ResultCard[] {
  const facts = productFacts(record);
  return (record.steps.ranking ?? []).map((entry, index) => {
    const known = facts.get(entry.product_id) ?? {};
    return {
      rank: index + 1,
      product_id: entry.product_id,
      title: known.title ?? null,
      brand: known.brand ?? null,
      price: known.price ?? null,
      currency: known.currency ?? null,
      score: entry.score,
      why_ranked: entry.why_ranked,
      badges: known.badges ?? [],
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Thread: the conversation of one request, in the order it happened.
// ---------------------------------------------------------------------------------------------------------

export type ThreadItem =
  | {
      kind: 'shopper';
      at: string;
      text: string | null;
      audio: MediaSummary | null;
      transcript: Transcript | null;
      image: MediaSummary | null;
      imageAttributes: ImageAttributes | null;
    }
  | { kind: 'question'; at: string; field: string; question: string; suggestions: string[] }
  | { kind: 'answer'; at: string | null; text: string | null; fields: Record<string, unknown> | null }
  | { kind: 'awaiting'; field: string }
  | { kind: 'reply'; at: string | null; text: string | null; results: ResultCard[] }
  | { kind: 'failure'; code: string; message: string; service: string | null };

function enteredAt(record: WorkflowRecord, state: string): string | null {
  return record.history.findLast((t) => t.state === state)?.entered_at ?? null;
}

export function threadOf(input: ShopperInput, record: WorkflowRecord, createdAt: string): ThreadItem[] {
  const items: ThreadItem[] = [
    {
      kind: 'shopper',
      at: createdAt,
      text: input.text,
      audio: input.audio,
      transcript: record.steps.transcript,
      image: input.image,
      imageAttributes: record.steps.image_attributes,
    },
  ];
  for (const round of record.clarifications) {
    items.push({
      kind: 'question',
      at: round.asked_at,
      field: round.field,
      question: round.question,
      suggestions: round.suggestions,
    });
    if (round.answer) {
      items.push({
        kind: 'answer',
        at: round.answered_at,
        text: round.answer.text ?? null,
        fields: round.answer.fields ?? null,
      });
    } else if (record.current === 'CLARIFICATION') {
      items.push({ kind: 'awaiting', field: round.field });
    }
  }
  const results = resultCardsOf(record);
  if (record.steps.reply !== null || results.length > 0) {
    items.push({ kind: 'reply', at: enteredAt(record, 'COMPLETED'), text: record.steps.reply, results });
  }
  if (record.failure) {
    items.push({
      kind: 'failure',
      code: record.failure.code,
      message: record.failure.message,
      service: record.failure.service,
    });
  }
  return items;
}
