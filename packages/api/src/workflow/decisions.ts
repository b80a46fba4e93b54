import type {
  CatalogSearchRequest,
  ImageAttributes,
  RankedProduct,
  Requirements,
  SearchFilters,
  SearchHit,
} from '@talknshop/contracts';
import { applyClarificationAnswer, type ClarificationQuestion, nextClarification } from '../clarification';
import { applyRefinement, type RequirementExtractor } from '../requirements';
import type { ClarificationRound, WorkflowRecord } from './record';

/**
 * The workflow's decisions, as pure functions of the request's inputs and the recorded step results.
 * Nothing here performs I/O or reads a clock: that is what makes a recorded replay take the same path.
 */

export interface WorkflowInput {
  kind: 'search' | 'chat';
  text: string | null;
  has_audio: boolean;
  has_image: boolean;
  filters: SearchFilters | null;
  limit: number;
  /** The session's requirements before this request. */
  previous: Requirements | null;
  /** Prices of the session's last results, so "cheaper" has something to be cheaper than. */
  last_prices: number[];
  /** Where the session's last results ended, so "show more" continues from there. */
  last_cursor: string | null;
}

export interface PolicyConfig {
  maxClarificationRounds: number;
}

export function firstState(input: WorkflowInput): 'MEDIA_PROCESSING' | 'REQUIREMENT_BUILDING' {
  return input.has_audio || input.has_image ? 'MEDIA_PROCESSING' : 'REQUIREMENT_BUILDING';
}

/** Everything the shopper said in this request: typed text, the transcript, and text typed on request. */
export function spokenText(input: WorkflowInput, record: WorkflowRecord): string {
  const typedOnRequest = record.clarifications
    .filter((round) => round.field === 'text' && round.answer?.text)
    .map((round) => round.answer?.text ?? '');
  return [input.text, record.steps.transcript?.transcript, ...typedOnRequest]
    .filter((part): part is string => Boolean(part?.trim()))
    .join('. ');
}

/** After media processing: can the workflow go on, or must it ask the shopper to type? */
export function needsTypedInput(input: WorkflowInput, record: WorkflowRecord): boolean {
  if (spokenText(input, record)) return false;
  const image = record.steps.image_attributes;
  return !image || (image.product_type === null && image.labels.length === 0);
}

export const TYPE_IT_QUESTION: Omit<ClarificationRound, 'asked_at' | 'answer' | 'answered_at'> = {
  field: 'text',
  question: "Sorry, I couldn't make out your voice note or photo. Could you type what you're looking for?",
  suggestions: [],
};

export function buildRequirements(
  input: WorkflowInput,
  record: WorkflowRecord,
  extractor: RequirementExtractor,
): Requirements {
  const text = spokenText(input, record);
  const image: ImageAttributes | null = record.steps.image_attributes;
  const refinement = chatRefinement(input, record, extractor);
  let requirements =
    refinement?.requirements ??
    extractor.extract({ text, transcript: null, image, previous: input.previous });
  for (const round of record.clarifications) {
    if (round.answer && round.field !== 'text') {
      requirements = applyClarificationAnswer(requirements, round.field, round.answer, extractor);
    }
  }
  return withExplicitFilters(requirements, input.filters);
}

/** A typed chat message refines the session's previous requirements ("cheaper", "in blue", "show more"). */
export function chatRefinement(
  input: WorkflowInput,
  record: WorkflowRecord,
  extractor: RequirementExtractor,
) {
  if (input.kind !== 'chat' || !input.previous || record.steps.transcript || record.steps.image_attributes) {
    return null;
  }
  return applyRefinement(input.previous, spokenText(input, record), extractor, {
    lastPrices: input.last_prices,
  });
}

/** Filters the caller set explicitly win over anything inferred from text. */
function withExplicitFilters(requirements: Requirements, filters: SearchFilters | null): Requirements {
  if (!filters) return requirements;
  const next: Requirements = { ...requirements, attributes: { ...requirements.attributes } };
  if (filters.price_min !== undefined || filters.price_max !== undefined) {
    next.price = {
      min: filters.price_min ?? requirements.price?.min ?? null,
      max: filters.price_max ?? requirements.price?.max ?? null,
      currency: requirements.price?.currency ?? 'USD',
    };
  }
  if (filters.brands?.length) next.brands = filters.brands;
  if (filters.colors?.length) next.attributes.color = filters.colors;
  if (filters.sizes?.length) next.attributes.size = filters.sizes;
  if (filters.rating_min !== undefined) next.rating_min = filters.rating_min;
  if (filters.condition?.length === 1) next.condition = filters.condition[0] ?? null;
  return next;
}

export function decideClarification(
  requirements: Requirements,
  record: WorkflowRecord,
  config: PolicyConfig,
): ClarificationQuestion | null {
  const asked = record.clarifications.map((round) => round.field).filter((field) => field !== 'text');
  const rounds = record.clarifications.filter((round) => round.field !== 'text').length;
  return nextClarification(requirements, rounds, asked as ClarificationQuestion['field'][], {
    maxRounds: config.maxClarificationRounds,
  });
}

/** What to drop, in order, when a search finds nothing: the least essential constraint first. */
export const RELAXATION_ORDER = ['size', 'color', 'brand', 'budget', 'keywords'] as const;
export type Relaxation = (typeof RELAXATION_ORDER)[number];
export const MAX_SEARCHES = 3;

export function searchRequest(
  requirements: Requirements,
  input: WorkflowInput,
  relaxed: readonly Relaxation[],
  cursor: string | null = null,
): CatalogSearchRequest {
  const drop = new Set(relaxed);
  const filters: SearchFilters = { in_stock: true, ...(input.filters ?? {}) };
  const price = requirements.price;
  if (price && !drop.has('budget')) {
    if (price.min !== null) filters.price_min = price.min;
    if (price.max !== null) filters.price_max = price.max;
  } else {
    delete filters.price_min;
    delete filters.price_max;
  }
  setList(filters, 'brands', drop.has('brand') ? [] : requirements.brands);
  setList(filters, 'colors', drop.has('color') ? [] : (requirements.attributes.color ?? []));
  setList(filters, 'sizes', drop.has('size') ? [] : (requirements.attributes.size ?? []));
  if (requirements.rating_min !== null) filters.rating_min = requirements.rating_min;
  if (requirements.condition) filters.condition = [requirements.condition];
  const query = drop.has('keywords') ? [] : requirements.keywords;
  return {
    ...(query.length ? { query: query.join(' ') } : {}),
    ...(requirements.product_type ? { product_type: requirements.product_type } : {}),
    filters,
    limit: Math.min(100, Math.max(20, input.limit * 2)),
    ...(cursor ? { cursor } : {}),
  };
}

/** "show more" continues the previous result list instead of starting it again. */
export function continuationCursor(
  input: WorkflowInput,
  record: WorkflowRecord,
  extractor: RequirementExtractor,
): string | null {
  return chatRefinement(input, record, extractor)?.showMore ? input.last_cursor : null;
}

/** The catalog cannot exclude; what the shopper ruled out ("not Nike", "anything but black") goes here. */
export function withoutExcluded(products: SearchHit[], requirements: Requirements): SearchHit[] {
  const lower = (values: string[] | undefined) => new Set((values ?? []).map((v) => v.toLowerCase()));
  const brands = lower(requirements.attributes.exclude_brand);
  const colors = lower(requirements.attributes.exclude_color);
  return products.filter(
    (product) =>
      !brands.has(product.brand.toLowerCase()) &&
      (product.colors.length === 0 || product.colors.some((color) => !colors.has(color.toLowerCase()))),
  );
}

function setList(filters: SearchFilters, key: 'brands' | 'colors' | 'sizes', values: string[]): void {
  if (values.length) filters[key] = values;
  else delete filters[key];
}

/** The next constraint worth dropping, or null when relaxing further would not change the search. */
export function nextRelaxation(
  requirements: Requirements,
  input: WorkflowInput,
  relaxed: readonly Relaxation[],
): Relaxation | null {
  const current = JSON.stringify(searchRequest(requirements, input, relaxed));
  for (const candidate of RELAXATION_ORDER) {
    if (relaxed.includes(candidate)) continue;
    if (JSON.stringify(searchRequest(requirements, input, [...relaxed, candidate])) !== current)
      return candidate;
  }
  return null;
}

export function topResults(products: RankedProduct[], limit: number): RankedProduct[] {
  return products.slice(0, limit);
}

export type { SearchHit };
