import { audioFixtures, imageFixtures } from '@talknshop/reference-services';

/** Specific enough to search at once: no clarification, results on the first catalog search. */
export const TEXT_QUERY = 'red running shoes under $150';
/** Too vague: the orchestrator asks for the product type first. */
export const VAGUE_QUERY = 'I want to buy something nice';
/** Answers the question with a type and a budget, so one answer completes the search. */
export const CLARIFY_ANSWER = 'headphones under $200';

export interface MediaInputs {
  audio: { content_type: string; data_base64: string };
  image: { content_type: string; data_base64: string };
  query: string;
}

/** A voice note and a photo from the reference fixtures, plus a few typed words. */
export function mediaInputs(): MediaInputs {
  const audio = audioFixtures().find((fixture) => fixture.name === 'red-running-shoes');
  const image = imageFixtures().find((fixture) => fixture.name === 'red-running-shoe');
  if (!audio || !image) throw new Error('the red running shoe fixtures are missing');
  return { audio: audio.input, image: image.input, query: 'running shoes' };
}

/** Unique shopper ids, so no two concurrent requests share a session or a user. */
export function userIds(prefix: string): () => string {
  let next = 0;
  return () => `${prefix}-${(next++).toString(36)}`;
}

export function textSearchInput(userId: string) {
  return { user_id: userId, query: TEXT_QUERY };
}

export function mediaSearchInput(userId: string, media: MediaInputs) {
  return { user_id: userId, query: media.query, audio: media.audio, image: media.image };
}
