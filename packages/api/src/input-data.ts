import { createHash } from 'node:crypto';
import type { MediaInput, Requirements, SearchFilters } from '@talknshop/contracts';
import { z } from 'zod';
import { AnswerSchema } from './workflow/record';

/**
 * What a request item keeps of its input. Raw media never reaches DynamoDB: only its type, size and
 * SHA-256 (or its URL) are stored, so a replay reuses the recorded media results.
 */
export const MediaSummarySchema = z.object({
  content_type: z.string(),
  bytes: z.number().nullable(),
  sha256: z.string().nullable(),
  url: z.string().nullable(),
});
export type MediaSummary = z.infer<typeof MediaSummarySchema>;

export const InputDataSchema = z.object({
  kind: z.enum(['search', 'chat']),
  text: z.string().nullable(),
  audio: MediaSummarySchema.nullable(),
  image: MediaSummarySchema.nullable(),
  filters: z.record(z.string(), z.unknown()).nullable(),
  limit: z.number(),
  previous: z.record(z.string(), z.unknown()).nullable(),
  last_prices: z.array(z.number()),
  last_cursor: z.string().nullable().default(null),
  answers: z.array(AnswerSchema),
});
export type InputData = z.infer<typeof InputDataSchema>;

export function summarizeMedia(media: MediaInput | undefined): MediaSummary | null {
  if (!media) return null;
  if ('url' in media) return { content_type: media.content_type, bytes: null, sha256: null, url: media.url };
  const bytes = Buffer.from(media.data_base64, 'base64');
  return {
    content_type: media.content_type,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    url: null,
  };
}

export interface NewInputData {
  kind: 'search' | 'chat';
  text: string | null;
  audio?: MediaInput | undefined;
  image?: MediaInput | undefined;
  filters?: SearchFilters | undefined;
  limit: number;
  previous: Requirements | null;
  lastPrices: number[];
  lastCursor: string | null;
}

export function buildInputData(input: NewInputData): InputData {
  return {
    kind: input.kind,
    text: input.text,
    audio: summarizeMedia(input.audio),
    image: summarizeMedia(input.image),
    filters: input.filters ?? null,
    limit: input.limit,
    previous: input.previous,
    last_prices: input.lastPrices,
    last_cursor: input.lastCursor,
    answers: [],
  };
}
