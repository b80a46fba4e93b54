import type { Condition, Requirements } from '@talknshop/contracts';
import {
  mergeRequirements,
  NO_MENTIONS,
  normalizeText,
  type RequirementExtractor,
  spokenNumbersToDigits,
} from '../requirements';
import type { ClarificationField } from './question';

/**
 * A structured answer (a suggestion button, a form). The router's wire schema validates it; this is the
 * shape the policy reads, so attribute fields take one value or several.
 */
export interface ClarificationAnswerFields {
  product_type?: string;
  price_min?: number;
  price_max?: number;
  currency?: string;
  brands?: string[];
  color?: string | string[];
  size?: string | string[];
  material?: string | string[];
  feature?: string | string[];
  condition?: Condition;
  rating_min?: number;
  /** The shopper pressed "skip": no preference for the asked field. */
  skip?: boolean;
}

export interface ClarificationAnswer {
  text?: string;
  fields?: ClarificationAnswerFields;
}

const NO_PREFERENCE =
  /^(?:(?:i )?(?:dont|do not) (?:care|mind|know)|no preference|(?:it )?(?:doesnt|does not) matter|any(?:thing)?(?: (?:is fine|works|will do))?|skip(?: (?:it|this))?|whatever|not sure|no idea|none|nope|no|up to you|surprise me|either|all|any of them)(?: (?:really|please|thanks|thank you))?$/;
const BARE_AMOUNT = /^[$€£]?\s?\d[\d,]*(?:\.\d+)?\s?k?$/;

/** "any", "skip", "no preference", "doesn't matter", "whatever": the shopper has no wish for the field. */
export function isNoPreference(text: string): boolean {
  return NO_PREFERENCE.test(
    normalizeText(text)
      .replace(/[.!?,]/g, '')
      .trim(),
  );
}

/**
 * Folds an answer into the requirements of the original query, which stay as they were unless the answer
 * says otherwise. Free text goes through the extractor (an amount alone answers the budget question as
 * a ceiling); structured fields replace their field. A no-preference answer changes nothing: the caller
 * records the field as asked, so it is not asked again.
 */
export function applyClarificationAnswer(
  req: Requirements,
  field: ClarificationField,
  answer: ClarificationAnswer,
  extractor: RequirementExtractor,
): Requirements {
  const text = answer.text?.trim() ?? '';
  const withText =
    text === '' || isNoPreference(text)
      ? req
      : extractor.extract({
          text: field === 'budget' && isBareAmount(text) ? `under ${text}` : text,
          previous: req,
        });
  return answer.fields === undefined || answer.fields.skip === true
    ? withText
    : applyFields(withText, answer.fields, extractor);
}

function isBareAmount(text: string): boolean {
  return BARE_AMOUNT.test(spokenNumbersToDigits(normalizeText(text)));
}

function applyFields(
  req: Requirements,
  fields: ClarificationAnswerFields,
  extractor: RequirementExtractor,
): Requirements {
  const typed =
    fields.product_type === undefined ? req : withProductType(req, fields.product_type, extractor);
  const attributes: Record<string, string[]> = {};
  for (const key of ['color', 'size', 'material', 'feature'] as const) {
    const given = [fields[key] ?? []]
      .flat()
      .map((value) => value.trim())
      .filter((value) => value !== '');
    if (given.length > 0) attributes[key] = given;
  }
  const namesPrice = fields.price_min !== undefined || fields.price_max !== undefined;
  return mergeRequirements(typed, {
    ...NO_MENTIONS,
    attributes,
    price: namesPrice
      ? { min: fields.price_min ?? null, max: fields.price_max ?? null, currency: fields.currency ?? null }
      : null,
    brands: fields.brands ?? [],
    rating_min: fields.rating_min ?? null,
    condition: fields.condition ?? null,
  });
}

/** A type the extractor recognises is stored under its canonical name; any other is taken as given. */
function withProductType(
  req: Requirements,
  productType: string,
  extractor: RequirementExtractor,
): Requirements {
  const recognised = extractor.extract({ text: productType }).product_type !== null;
  return recognised
    ? extractor.extract({ text: productType, previous: req })
    : mergeRequirements(req, { ...NO_MENTIONS, product_type: productType });
}
