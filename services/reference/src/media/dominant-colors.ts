import type { DominantColorSchema } from '@talknshop/contracts';
import type { z } from 'zod';
import { nameColor } from './color-palette';
import type { DecodedImage } from './image-decode';

type DominantColor = z.infer<typeof DominantColorSchema>;

/** About this many pixels are sampled, on a regular grid, whatever the image size. */
const TARGET_SAMPLES = 10_000;
const MIN_FRACTION = 0.02;
const MAX_COLORS = 5;

interface Bucket {
  count: number;
  r: number;
  g: number;
  b: number;
}

/**
 * The named colors covering the most of an image: sampled pixels are binned by nearest palette name, and
 * each name reports the mean color of its pixels and the share of (opaque) pixels it covers.
 */
export function dominantColors(image: DecodedImage): DominantColor[] {
  const step = Math.max(1, Math.round(Math.sqrt((image.width * image.height) / TARGET_SAMPLES)));
  const buckets = new Map<string, Bucket>();
  let total = 0;
  for (let y = Math.floor(step / 2); y < image.height; y += step) {
    for (let x = Math.floor(step / 2); x < image.width; x += step) {
      const offset = (y * image.width + x) * 4;
      const [r, g, b, alpha] = [0, 1, 2, 3].map((channel) => image.rgba[offset + channel] ?? 0) as [
        number,
        number,
        number,
        number,
      ];
      if (alpha < 128) continue;
      const name = nameColor(r, g, b);
      const bucket = buckets.get(name) ?? { count: 0, r: 0, g: 0, b: 0 };
      buckets.set(name, { count: bucket.count + 1, r: bucket.r + r, g: bucket.g + g, b: bucket.b + b });
      total++;
    }
  }
  return [...buckets.entries()]
    .map(([name, bucket]) => ({
      name,
      hex: toHex(bucket.r / bucket.count, bucket.g / bucket.count, bucket.b / bucket.count),
      fraction: Math.round((bucket.count / total) * 10_000) / 10_000,
    }))
    .filter((color) => color.fraction >= MIN_FRACTION)
    .sort((a, b) => b.fraction - a.fraction || a.name.localeCompare(b.name))
    .slice(0, MAX_COLORS);
}

function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}
