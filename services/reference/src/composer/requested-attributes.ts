import type { Requirements } from '@talknshop/contracts';
import { normalizeColor } from '../colors';

const COLOR_KEYS = new Set(['color', 'colour', 'colors', 'colours']);
const SIZE_KEYS = new Set(['size', 'sizes']);
const MATERIAL_KEYS = new Set(['material', 'materials']);

/** The free-form `attributes` of requirements, sorted into the facets the composer understands. */
export interface RequestedAttributes {
  colors: string[];
  sizes: string[];
  materials: string[];
  /** Any other facet ("feature": ["waterproof"]), matched against the product's text. */
  other: { name: string; values: string[] }[];
}

export function requestedAttributes(requirements: Requirements): RequestedAttributes {
  const result: RequestedAttributes = { colors: [], sizes: [], materials: [], other: [] };
  for (const [rawName, rawValues] of Object.entries(requirements.attributes).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    const name = rawName.trim().toLowerCase();
    const values = rawValues.map((value) => value.trim()).filter((value) => value.length > 0);
    if (values.length === 0) continue;
    if (COLOR_KEYS.has(name)) result.colors.push(...values.map(normalizeColor));
    else if (SIZE_KEYS.has(name)) result.sizes.push(...values);
    else if (MATERIAL_KEYS.has(name)) result.materials.push(...values);
    else result.other.push({ name, values });
  }
  return result;
}
