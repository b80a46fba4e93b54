import { RequirementsSchema, type SearchFilters } from '@talknshop/contracts';
import type { InputData } from './input-data';
import type { WorkflowInput } from './workflow/decisions';

/** What the workflow's decisions see of a request's stored input: shared by live runs and replays. */
export function workflowInput(data: InputData): WorkflowInput {
  return {
    kind: data.kind,
    text: data.text,
    has_audio: data.audio !== null,
    has_image: data.image !== null,
    filters: (data.filters as SearchFilters | null) ?? null,
    limit: data.limit,
    previous: data.previous ? RequirementsSchema.parse(data.previous) : null,
    last_prices: data.last_prices,
    last_cursor: data.last_cursor,
  };
}
