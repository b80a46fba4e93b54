import type { WorkflowRecord } from '@talknshop/api';
import { describe, expect, it } from 'vitest';
import { readInput, readWorkflow, resultCardsOf, threadOf, timelineOf } from '../src/lib/workflow';

const call = (endpoint: string, started_at: string, attempt = 1) => ({
  service: endpoint === '/search' ? 'catalog' : 'composer',
  endpoint,
  attempt,
  status: 200,
  latency_ms: 12,
  error_code: null,
  started_at,
});

function completedRecord(): WorkflowRecord {
  return readWorkflow({
    current: 'COMPLETED',
    history: [
      {
        state: 'INITIAL',
        entered_at: '2025-01-01T00:00:00.000Z',
        left_at: '2025-01-01T00:00:00.010Z',
        duration_ms: 10,
      },
      {
        state: 'REQUIREMENT_BUILDING',
        entered_at: '2025-01-01T00:00:00.010Z',
        left_at: '2025-01-01T00:00:00.020Z',
        duration_ms: 10,
      },
      {
        state: 'CLARIFICATION',
        entered_at: '2025-01-01T00:00:00.020Z',
        left_at: '2025-01-01T00:00:05.000Z',
        duration_ms: 4980,
      },
      {
        state: 'SEARCHING',
        entered_at: '2025-01-01T00:00:05.000Z',
        left_at: '2025-01-01T00:00:05.100Z',
        duration_ms: 100,
      },
      {
        state: 'RANKING',
        entered_at: '2025-01-01T00:00:05.100Z',
        left_at: '2025-01-01T00:00:05.200Z',
        duration_ms: 100,
      },
      { state: 'COMPLETED', entered_at: '2025-01-01T00:00:05.200Z', left_at: null, duration_ms: null },
    ],
    steps: {
      transcript: null,
      image_attributes: null,
      requirements: null,
      search: { product_ids: ['p1', 'p2'], total: 2, relaxed: [], next_cursor: null },
      ranking: [
        { product_id: 'p2', score: 0.9, why_ranked: ['brand match'] },
        { product_id: 'p1', score: 0.5, why_ranked: [] },
      ],
      reply: 'Here are two pairs of shoes.',
    },
    clarifications: [
      {
        field: 'budget',
        question: 'What is your budget?',
        suggestions: ['under $50', 'under $100'],
        asked_at: '2025-01-01T00:00:00.020Z',
        answer: { text: 'under 100' },
        answered_at: '2025-01-01T00:00:05.000Z',
      },
    ],
    activities: [
      {
        name: 'compose',
        outcome: {
          ok: true,
          value: {
            reply: 'Here are two pairs of shoes.',
            cards: [
              {
                product_id: 'p2',
                title: 'Trail runner',
                subtitle: '',
                price: 80,
                currency: 'USD',
                image_url: 'https://example.test/p2.png',
                url: 'https://example.test/p2',
                badges: ['Top rated'],
              },
            ],
          },
        },
      },
    ],
    // Out of order on purpose: the timeline sorts them.
    calls: [
      call('/rank', '2025-01-01T00:00:05.150Z'),
      call('/search', '2025-01-01T00:00:05.050Z', 2),
      call('/search', '2025-01-01T00:00:05.001Z', 1),
      call('/compose', '2025-01-01T00:00:05.200Z'),
    ],
  });
}

describe('readWorkflow / readInput', () => {
  it('fills what older records lack, so pages never crash on them', () => {
    const record = readWorkflow({ current: 'SEARCHING' });
    expect(record.current).toBe('SEARCHING');
    expect(record.calls).toEqual([]);
    expect(record.steps.ranking).toBeNull();
    expect(readInput({ text: 'hi' })).toEqual({ text: 'hi', audio: null, image: null });
  });
});

describe('timelineOf', () => {
  it('nests each call under the state that was current when it started', () => {
    const { entries, unplaced } = timelineOf(completedRecord());
    const byState = Object.fromEntries(
      entries.map((e) => [e.state, e.calls.map((c) => `${c.endpoint}#${c.attempt}`)]),
    );
    expect(byState).toEqual({
      INITIAL: [],
      REQUIREMENT_BUILDING: [],
      CLARIFICATION: [],
      SEARCHING: ['/search#1', '/search#2'],
      RANKING: ['/rank#1'],
      COMPLETED: ['/compose#1'],
    });
    expect(unplaced).toEqual([]);
  });

  it('keeps calls from before the first state apart instead of dropping them', () => {
    const record = readWorkflow({
      history: [{ state: 'SEARCHING', entered_at: '2025-01-01T00:00:01Z', left_at: null, duration_ms: null }],
      calls: [call('/search', '2025-01-01T00:00:00Z')],
    });
    expect(timelineOf(record).unplaced).toHaveLength(1);
  });
});

describe('resultCardsOf', () => {
  it('follows the ranking and fills in what the activities know about each product', () => {
    const cards = resultCardsOf(completedRecord());
    expect(cards.map((c) => [c.rank, c.product_id, c.title])).toEqual([
      [1, 'p2', 'Trail runner'],
      [2, 'p1', null],
    ]);
    expect(cards[0]?.badges).toEqual(['Top rated']);
    expect(cards[0]?.price).toBe(80);
  });
});

describe('threadOf', () => {
  it('reads as the conversation went: input, question, answer, reply with results', () => {
    const input = readInput({ kind: 'search', text: 'running shoes' });
    const thread = threadOf(input, completedRecord(), '2025-01-01T00:00:00.000Z');
    expect(thread.map((item) => item.kind)).toEqual(['shopper', 'question', 'answer', 'reply']);
    const reply = thread[3];
    expect(reply?.kind === 'reply' && reply.results.length).toBe(2);
    expect(reply?.kind === 'reply' && reply.at).toBe('2025-01-01T00:00:05.200Z');
  });

  it('shows a pending question as awaiting an answer, and a failure at the end', () => {
    const waiting = readWorkflow({
      current: 'CLARIFICATION',
      clarifications: [
        {
          field: 'product_type',
          question: 'What are you looking for?',
          suggestions: [],
          asked_at: 'x',
          answer: null,
          answered_at: null,
        },
      ],
    });
    expect(threadOf(readInput({}), waiting, 'x').map((i) => i.kind)).toEqual([
      'shopper',
      'question',
      'awaiting',
    ]);
    const failed = readWorkflow({
      current: 'FAILED',
      failure: {
        code: 'TIMEOUT',
        message: 'catalog timed out',
        service: 'catalog',
        retryable: true,
        downstream_code: null,
      },
    });
    const last = threadOf(readInput({}), failed, 'x').at(-1);
    expect(last).toEqual({
      kind: 'failure',
      code: 'TIMEOUT',
      message: 'catalog timed out',
      service: 'catalog',
    });
  });

  it('carries media notes with their transcript and image attributes', () => {
    const input = readInput({
      audio: { content_type: 'audio/wav', bytes: 3200, sha256: 'abc', url: null },
      image: { content_type: 'image/png', bytes: 900, sha256: 'def', url: null },
    });
    const record = readWorkflow({
      steps: {
        transcript: { transcript: 'red sneakers', confidence: 0.9, language: 'en', duration_seconds: 1.2 },
        image_attributes: {
          labels: [],
          colors: [],
          detected_text: [],
          product_type: 'sneakers',
          width: 10,
          height: 10,
        },
      },
    });
    const [first] = threadOf(input, record, 'x');
    expect(first?.kind === 'shopper' && first.transcript?.transcript).toBe('red sneakers');
    expect(first?.kind === 'shopper' && first.imageAttributes?.product_type).toBe('sneakers');
    expect(first?.kind === 'shopper' && first.audio?.content_type).toBe('audio/wav');
  });
});
