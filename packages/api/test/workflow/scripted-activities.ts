import type {
  CatalogSearchRequest,
  CatalogSearchResponse,
  RankResponse,
  SearchHit,
} from '@talknshop/contracts';
import type { Activities } from '../../src/workflow/activities';
import type { WorkflowInput } from '../../src/workflow/decisions';
import type { ActivityError, Outcome, WorkflowRecord } from '../../src/workflow/record';

export function hit(id: string, overrides: Partial<SearchHit> = {}): SearchHit {
  return {
    product_id: id,
    title: `Product ${id}`,
    description: 'a product',
    product_type: 'shoes',
    brand: 'Nike',
    price: 90,
    currency: 'USD',
    colors: ['red'],
    sizes: ['10'],
    material: null,
    rating: 4.5,
    review_count: 100,
    condition: 'new',
    in_stock: true,
    image_url: `https://catalog.test/${id}.jpg`,
    url: `https://catalog.test/${id}`,
    relevance: 10,
    ...overrides,
  };
}

export const failure = (code: string, service: string): { ok: false; error: ActivityError } => ({
  ok: false,
  error: { code, message: `${service} ${code}`, service, retryable: true, downstream_code: null },
});

export interface Script {
  transcript?: Outcome<{
    transcript: string;
    confidence: number;
    language: string;
    duration_seconds: number;
  }>;
  image?: Awaited<ReturnType<Activities['extractImage']>>;
  /** Answers for successive searches; the last one repeats. */
  searches?: ((request: CatalogSearchRequest) => Outcome<CatalogSearchResponse>)[];
  rank?: (products: SearchHit[]) => Outcome<RankResponse>;
  composeFails?: boolean;
}

/** In-memory activities for unit tests of the workflow's decisions: no network, a fixed clock. */
export function scriptedActivities(script: Script) {
  const calls: string[] = [];
  const searches: CatalogSearchRequest[] = [];
  const checkpoints: WorkflowRecord[] = [];
  let tick = 0;
  const activities: Activities = {
    async transcribe() {
      calls.push('transcribe');
      return script.transcript ?? failure('UNAVAILABLE', 'media');
    },
    async extractImage() {
      calls.push('extractImage');
      return script.image ?? failure('UNAVAILABLE', 'media');
    },
    async search(request) {
      calls.push('search');
      searches.push(request);
      const answers = script.searches ?? [
        () => ({ ok: true, value: { products: [hit('p1')], total: 1, next_cursor: null } }),
      ];
      const answer = answers[Math.min(searches.length - 1, answers.length - 1)]!;
      return answer(request);
    },
    async rank(request) {
      calls.push('rank');
      if (script.rank) return script.rank(request.products);
      return {
        ok: true,
        value: {
          products: request.products.map((p, i) => ({ ...p, score: 1 - i / 10, why_ranked: ['scripted'] })),
        },
      };
    },
    async compose(request) {
      calls.push('compose');
      if (script.composeFails) return failure('TIMEOUT', 'composer');
      return { ok: true, value: { reply: `found ${request.products.length}`, cards: [] } };
    },
    async checkpoint(record) {
      checkpoints.push(structuredClone(record));
    },
    now: () => new Date(Date.UTC(2026, 10, 25, 12, 0, 0, tick++ * 10)),
  };
  return { activities, calls, searches, checkpoints };
}

/** A text search's workflow input; a test overrides what it is about. */
export function workflowInput(overrides: Partial<WorkflowInput> = {}): WorkflowInput {
  return {
    kind: 'search',
    text: 'red nike running shoes under $120',
    has_audio: false,
    has_image: false,
    filters: null,
    limit: 5,
    previous: null,
    last_prices: [],
    last_cursor: null,
    ...overrides,
  };
}
