import type { ImageAttributes } from '@talknshop/contracts';
import type { Entity, Lexicon } from './lexicon';
import type { Mentions } from './mentions';
import { normalizeText } from './normalize';
import { EXCLUDE_PREFIX } from './read-entities';
import { unique } from './unique';

/** A dominant colour counts only if it covers at least this share of the image. */
export const MIN_COLOR_FRACTION = 0.25;
export const MAX_IMAGE_COLORS = 2;
/** Labels below this confidence are too unsure to search with. */
export const MIN_LABEL_CONFIDENCE = 0.6;
export const MAX_IMAGE_KEYWORDS = 3;

export interface ImageMentions {
  product_type: string | null;
  colors: string[];
  brands: string[];
  keywords: string[];
}

/**
 * What a photo says: the product type (from the media service, else from a label naming a known type),
 * the one or two dominant colours that cover a decent share of it, brands printed on it, and its other
 * confident labels as keywords.
 */
export function readImage(image: ImageAttributes, lexicon: Lexicon): ImageMentions {
  const labels = [...image.labels]
    .filter((label) => label.confidence >= MIN_LABEL_CONFIDENCE)
    .sort((a, b) => b.confidence - a.confidence)
    .map((label) => normalizeText(label.name));
  const labelType = labels
    .map((label) => wholeEntity(label, lexicon))
    .find((entity) => entity?.kind === 'type');
  return {
    product_type:
      imageType(image.product_type, lexicon) ?? (labelType?.kind === 'type' ? labelType.type : null),
    colors: dominantColors(image, lexicon),
    brands: unique(
      image.detected_text.flatMap((text) =>
        lexicon.entities
          .find(normalizeText(text))
          .flatMap(({ value }) => (value.kind === 'brand' ? [value.value] : [])),
      ),
    ),
    keywords: unique(labels.filter((label) => label !== '' && wholeEntity(label, lexicon) === null)).slice(
      0,
      MAX_IMAGE_KEYWORDS,
    ),
  };
}

/**
 * The message wins over the photo, field by field: the photo's type only when the text names none, its
 * colours only when the text names no colour (and never an excluded one), its brands only when the text
 * names none; its labels are added to the keywords.
 */
export function addImageMentions(text: Mentions, image: ImageMentions): Mentions {
  const excludedColors = text.attributes[`${EXCLUDE_PREFIX}color`] ?? [];
  const excludedBrands = text.attributes[`${EXCLUDE_PREFIX}brand`] ?? [];
  const colors = image.colors.filter((color) => !excludedColors.includes(color));
  const brands = image.brands.filter((brand) => !excludedBrands.includes(brand));
  const attributes = { ...text.attributes };
  if (attributes.color === undefined && colors.length > 0) attributes.color = colors;
  return {
    ...text,
    product_type: text.product_type ?? image.product_type,
    keywords: unique([...text.keywords, ...image.keywords]),
    attributes,
    brands: text.brands.length > 0 ? text.brands : brands,
  };
}

function imageType(productType: string | null, lexicon: Lexicon): string | null {
  if (productType === null || productType.trim() === '') return null;
  const entity = wholeEntity(normalizeText(productType), lexicon);
  return entity?.kind === 'type' ? entity.type : productType.trim().toLowerCase();
}

function dominantColors(image: ImageAttributes, lexicon: Lexicon): string[] {
  const names = [...image.colors]
    .sort((a, b) => b.fraction - a.fraction)
    .slice(0, MAX_IMAGE_COLORS)
    .filter((color) => color.fraction >= MIN_COLOR_FRACTION)
    .flatMap((color) => lexicon.entities.find(normalizeText(color.name)))
    .flatMap(({ value }) => (value.kind === 'color' ? [value.value] : []));
  return unique(names);
}

/** The entity a text names in full ("sneaker" is a type; "running shoe" is not a single entity). */
function wholeEntity(text: string, lexicon: Lexicon): Entity | null {
  const [match, ...others] = lexicon.entities.find(text);
  return match !== undefined && others.length === 0 && match.start === 0 && match.end === text.length
    ? match.value
    : null;
}
