import type { ColorName } from '../colors';

/** Reference shades for each named color; a pixel takes the name of the nearest shade in CIELAB. */
const PALETTE: Readonly<Record<ColorName, readonly string[]>> = {
  black: ['#000000', '#1c1c1c'],
  white: ['#ffffff', '#f4f4f4'],
  grey: ['#808080', '#5a5a5a', '#a0a0a0', '#3c3c3c'],
  silver: ['#c0c0c0', '#d3d3d3'],
  navy: ['#000080', '#1f2a44', '#14213d'],
  blue: ['#0000ff', '#1e90ff', '#4169e1', '#4682b4', '#87ceeb', '#1565c0'],
  teal: ['#008080', '#40e0d0', '#20b2aa'],
  green: ['#008000', '#00ff00', '#228b22', '#32cd32', '#90ee90', '#2e7d32'],
  olive: ['#808000', '#556b2f', '#6b8e23'],
  yellow: ['#ffff00', '#ffeb3b', '#fff176'],
  gold: ['#d4af37', '#b8860b', '#cfb53b'],
  orange: ['#ffa500', '#ff8c00', '#ff6600', '#ff7f50'],
  red: ['#ff0000', '#dc143c', '#b22222', '#e53935', '#c62828'],
  burgundy: ['#800020', '#800000', '#6d071a'],
  pink: ['#ffc0cb', '#ff69b4', '#ff1493', '#f48fb1'],
  purple: ['#800080', '#9370db', '#8a2be2', '#6a0dad', '#ba55d3'],
  brown: ['#8b4513', '#a0522d', '#5c4033', '#654321'],
  tan: ['#d2b48c', '#c19a6b'],
  beige: ['#f5f5dc', '#e8dcc4', '#f0e6d2'],
};

type Lab = readonly [number, number, number];

const SHADES: readonly { name: ColorName; lab: Lab }[] = Object.entries(PALETTE).flatMap(([name, hexes]) =>
  hexes.map((hex) => ({ name: name as ColorName, lab: rgbToLab(...hexToRgb(hex)) })),
);

/** The palette name nearest to an sRGB color (CIE76 distance). */
export function nameColor(r: number, g: number, b: number): ColorName {
  const lab = rgbToLab(r, g, b);
  let best = SHADES[0] as (typeof SHADES)[number];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const shade of SHADES) {
    const distance =
      (shade.lab[0] - lab[0]) ** 2 + (shade.lab[1] - lab[1]) ** 2 + (shade.lab[2] - lab[2]) ** 2;
    if (distance < bestDistance) {
      best = shade;
      bestDistance = distance;
    }
  }
  return best.name;
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function rgbToLab(r: number, g: number, b: number): Lab {
  const [lr, lg, lb] = [r, g, b].map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  // sRGB → XYZ (D65), normalised by the white point.
  const x = (0.4124 * lr + 0.3576 * lg + 0.1805 * lb) / 0.95047;
  const y = 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
  const z = (0.0193 * lr + 0.1192 * lg + 0.9505 * lb) / 1.08883;
  const [fx, fy, fz] = [x, y, z].map((t) => (t > 216 / 24389 ? Math.cbrt(t) : (841 / 108) * t + 4 / 29)) as [
    number,
    number,
    number,
  ];
  return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
}
