import type { Requirements } from '@talknshop/contracts';
import { searchTerms } from '../text';
import { formatMoney, formatStars, joinList } from './format';
import { requestedAttributes } from './requested-attributes';

/** Requirements in shopper words: "refurbished red running shoes from Nike in size 10 under $100". */
export function describeRequirements(requirements: Requirements): string {
  const attributes = requestedAttributes(requirements);
  const qualifiers = [
    requirements.condition === null || requirements.condition === 'new' ? '' : requirements.condition,
    joinList(attributes.colors, 'or'),
    productNoun(requirements, attributes.colors),
  ];
  const details = [
    requirements.brands.length > 0 ? `from ${joinList(requirements.brands, 'or')}` : '',
    attributes.sizes.length > 0 ? `in size ${joinList(attributes.sizes, 'or')}` : '',
    attributes.materials.length > 0 ? `in ${joinList(attributes.materials, 'or')}` : '',
    priceRange(requirements.price),
    requirements.rating_min === null ? '' : `rated ${formatStars(requirements.rating_min)} or higher`,
  ];
  return [...qualifiers, ...details].filter((part) => part.length > 0).join(' ');
}

/** The product noun: the type plus any keywords that add to it ("running" + "shoes"). */
function productNoun(requirements: Requirements, colors: readonly string[]): string {
  const covered = new Set(
    searchTerms([requirements.product_type ?? '', ...colors, ...requirements.brands].join(' ')),
  );
  const extra = requirements.keywords.filter((keyword) => {
    const terms = searchTerms(keyword);
    return terms.length > 0 && !terms.every((term) => covered.has(term));
  });
  const noun = [...extra, requirements.product_type ?? ''].filter((part) => part.length > 0).join(' ');
  return noun.length > 0 ? noun : 'products';
}

function priceRange(price: Requirements['price']): string {
  if (price === null) return '';
  const money = (amount: number) => formatMoney(amount, price.currency);
  if (price.min !== null && price.max !== null) return `between ${money(price.min)} and ${money(price.max)}`;
  if (price.max !== null) return `under ${money(price.max)}`;
  if (price.min !== null) return `over ${money(price.min)}`;
  return '';
}
