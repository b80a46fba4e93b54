import { EMPTY_REQUIREMENTS, type ImageAttributes, type Requirements } from '@talknshop/contracts';
import { addImageMentions, readImage } from './image';
import { compileLexicon } from './lexicon';
import { parseMentions } from './mentions';
import { mergeRequirements } from './merge';
import { resolvePriceTier } from './price-tier';
import type { Vocabulary } from './vocabulary';

export interface ExtractionInput {
  text: string;
  /** A voice message's transcript, read together with the text. */
  transcript?: string | null;
  image?: ImageAttributes | null;
  /** The requirements so far in this session; what the message does not mention is kept from here. */
  previous?: Requirements | null;
}

/** Builds shopping requirements from a message; a model-backed extractor can take this one's place. */
export interface RequirementExtractor {
  extract(input: ExtractionInput): Requirements;
}

/** Reads requirements with phrase and pattern rules over a vocabulary (see README.md for the conventions). */
export function createRuleBasedExtractor(vocabulary: Vocabulary): RequirementExtractor {
  const lexicon = compileLexicon(vocabulary);
  const priceStepsOf = (type: string) => lexicon.productType(type)?.priceSteps;
  return {
    extract(input) {
      const previous = input.previous ?? EMPTY_REQUIREMENTS;
      const image = input.image ? readImage(input.image, lexicon) : null;
      const text = [input.text, input.transcript].filter((part) => part).join(' . ');
      const contextType = image?.product_type ?? previous.product_type;
      const fromText = parseMentions(text, lexicon, contextType);
      const mentions = image === null ? fromText : addImageMentions(fromText, image);
      return resolvePriceTier(mergeRequirements(previous, mentions), priceStepsOf);
    },
  };
}
