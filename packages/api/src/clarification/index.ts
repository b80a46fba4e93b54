export {
  applyClarificationAnswer,
  type ClarificationAnswer,
  type ClarificationAnswerFields,
  isNoPreference,
} from './answer';
export { featureSuggestions } from './feature-suggestions';
export {
  type ClarificationPolicyConfig,
  DEFAULT_CLARIFICATION_CONFIG,
  hasConstraint,
  nextClarification,
} from './policy';
export type { ClarificationField, ClarificationQuestion } from './question';
export { DEFAULT_PRICE_STEPS, PRODUCT_TYPE_SUGGESTIONS } from './questions';
