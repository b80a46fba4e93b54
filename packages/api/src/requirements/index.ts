export { DEFAULT_VOCABULARY } from './default-vocabulary';
export {
  createRuleBasedExtractor,
  type ExtractionInput,
  type RequirementExtractor,
} from './extractor';
export { type Mentions, NO_MENTIONS } from './mentions';
export { mergeRequirements } from './merge';
export { normalizeText } from './normalize';
export { AROUND_TOLERANCE, type PriceMention } from './price';
export { DEFAULT_CURRENCY, PRICE_TIER_ATTRIBUTE, type PriceTier, resolvePriceTier } from './price-tier';
export { QUALITATIVE_RATING_MIN } from './rating';
export { EXCLUDE_PREFIX } from './read-entities';
export {
  applyRefinement,
  CHEAPER_FACTOR,
  type Refinement,
  type RefinementContext,
  type RefinementKind,
} from './refinement';
export { spokenNumbersToDigits } from './spoken-numbers';
export {
  type LearnedVocabulary,
  learnVocabulary,
  type PriceSteps,
  type ProductTypeEntry,
  type Sizing,
  type Vocabulary,
} from './vocabulary';
