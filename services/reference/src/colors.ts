/** The color names the catalog uses and the image analysis reports, so the two line up. */
export const COLOR_NAMES = [
  'black',
  'white',
  'grey',
  'silver',
  'navy',
  'blue',
  'teal',
  'green',
  'olive',
  'yellow',
  'gold',
  'orange',
  'red',
  'burgundy',
  'pink',
  'purple',
  'brown',
  'tan',
  'beige',
] as const;
export type ColorName = (typeof COLOR_NAMES)[number];

const SYNONYMS: Record<string, ColorName> = {
  gray: 'grey',
  charcoal: 'grey',
  graphite: 'grey',
  maroon: 'burgundy',
  wine: 'burgundy',
  crimson: 'red',
  scarlet: 'red',
  cream: 'beige',
  ivory: 'white',
  khaki: 'beige',
  camel: 'tan',
  violet: 'purple',
  lavender: 'purple',
  rose: 'pink',
  turquoise: 'teal',
  aqua: 'teal',
  cyan: 'teal',
};

/** Colors close enough that a shopper asking for one may accept the other. */
const RELATED: Partial<Record<ColorName, ColorName[]>> = {
  navy: ['blue'],
  blue: ['navy', 'teal'],
  teal: ['blue', 'green'],
  green: ['olive', 'teal'],
  olive: ['green'],
  yellow: ['gold'],
  gold: ['yellow'],
  red: ['burgundy'],
  burgundy: ['red'],
  brown: ['tan'],
  tan: ['brown', 'beige'],
  beige: ['tan'],
  grey: ['silver'],
  silver: ['grey'],
};

/** Lower-cases a color and maps common synonyms ("gray", "maroon") onto the shared names. */
export function normalizeColor(color: string): string {
  const lower = color.trim().toLowerCase();
  return SYNONYMS[lower] ?? lower;
}

export function isColorName(value: string): value is ColorName {
  return (COLOR_NAMES as readonly string[]).includes(value);
}

export function relatedColors(color: string): string[] {
  const normalized = normalizeColor(color);
  return isColorName(normalized) ? (RELATED[normalized] ?? []) : [];
}
