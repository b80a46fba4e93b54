// Regenerates fixtures/images/* and fixtures/images/manifest.json: `pnpm run generate:images`.
// Flat product illustrations drawn with pngjs/jpeg-js: real pixels for the color analysis, and fixed
// labels standing in for what a vision model would recognise.
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { FIXTURES_DIR, sha256Hex } from '../src/media/fixture-files';
import type { ImageManifest } from '../src/media/image-fixtures';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

class Canvas {
  readonly rgba: Buffer;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb,
  ) {
    this.rgba = Buffer.alloc(width * height * 4);
    this.fill(() => true, background);
  }

  /** Paints every pixel whose center satisfies `inside`. */
  fill(inside: (x: number, y: number) => boolean, color: Rgb): this {
    for (let y = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++) {
        if (!inside(x + 0.5, y + 0.5)) continue;
        const offset = (y * this.width + x) * 4;
        this.rgba[offset] = color[0];
        this.rgba[offset + 1] = color[1];
        this.rgba[offset + 2] = color[2];
        this.rgba[offset + 3] = 255;
      }
    }
    return this;
  }

  rect(x0: number, y0: number, x1: number, y1: number, color: Rgb): this {
    return this.fill((x, y) => x >= x0 && x < x1 && y >= y0 && y < y1, color);
  }

  ellipse(cx: number, cy: number, rx: number, ry: number, color: Rgb): this {
    return this.fill((x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1, color);
  }

  polygon(points: readonly Point[], color: Rgb): this {
    return this.fill((x, y) => insidePolygon(points, x, y), color);
  }

  /** Block capitals from a 5×7 bitmap font. */
  text(text: string, left: number, top: number, scale: number, color: Rgb): this {
    for (const [index, letter] of [...text].entries()) {
      const rows = FONT[letter];
      if (rows === undefined) throw new Error(`no glyph for ${letter}`);
      const x0 = left + index * 6 * scale;
      this.fill((x, y) => {
        const column = Math.floor((x - x0) / scale);
        const row = Math.floor((y - top) / scale);
        return column >= 0 && column < 5 && row >= 0 && row < 7 && rows[row]?.[column] === '#';
      }, color);
    }
    return this;
  }

  png(): Buffer {
    const png = new PNG({ width: this.width, height: this.height });
    this.rgba.copy(png.data);
    return PNG.sync.write(png);
  }

  jpeg(): Buffer {
    return jpeg.encode({ data: this.rgba, width: this.width, height: this.height }, 90).data;
  }
}

const FONT: Record<string, readonly string[]> = {
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  N: ['#...#', '##..#', '#.#.#', '#.#.#', '#..##', '#...#', '#...#'],
};

function insidePolygon(points: readonly Point[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i] as Point;
    const [xj, yj] = points[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const WHITE: Rgb = [250, 250, 250];
const LIGHT_GREY: Rgb = [238, 238, 238];

function redRunningShoe(): Buffer {
  return new Canvas(112, 64, LIGHT_GREY)
    .polygon(
      [
        [2, 48],
        [6, 20],
        [26, 12],
        [42, 2],
        [64, 4],
        [76, 20],
        [100, 28],
        [110, 40],
        [110, 50],
        [2, 50],
      ],
      [211, 32, 39],
    )
    .rect(2, 50, 110, 55, WHITE)
    .rect(2, 55, 110, 60, [40, 40, 40])
    .polygon(
      [
        [38, 20],
        [52, 16],
        [64, 26],
        [50, 30],
      ],
      WHITE,
    )
    .png();
}

function blackHeadphones(): Buffer {
  const black: Rgb = [24, 24, 24];
  const band = (x: number, y: number) => {
    const distance = Math.hypot(x - 32, y - 36);
    return distance >= 14 && distance <= 31 && y <= 36;
  };
  return new Canvas(64, 64, LIGHT_GREY)
    .fill(band, black)
    .ellipse(10, 42, 12, 23, black)
    .ellipse(54, 42, 12, 23, black)
    .ellipse(10, 42, 5, 12, [36, 36, 36])
    .ellipse(54, 42, 5, 12, [36, 36, 36])
    .jpeg();
}

function blueRainJacket(): Buffer {
  const blue: Rgb = [25, 90, 200];
  return new Canvas(96, 112, WHITE)
    .polygon(
      [
        [30, 10],
        [66, 10],
        [92, 30],
        [94, 100],
        [78, 100],
        [76, 50],
        [76, 108],
        [20, 108],
        [20, 50],
        [18, 100],
        [2, 100],
        [4, 30],
      ],
      blue,
    )
    .ellipse(48, 16, 16, 12, [18, 70, 160])
    .rect(47, 24, 49, 108, [200, 200, 200])
    .png();
}

function pinkTShirt(): Buffer {
  return new Canvas(96, 96, WHITE)
    .polygon(
      [
        [30, 8],
        [40, 12],
        [56, 12],
        [66, 8],
        [94, 24],
        [84, 42],
        [76, 38],
        [76, 92],
        [20, 92],
        [20, 38],
        [12, 42],
        [2, 24],
      ],
      [244, 143, 177],
    )
    .text('RUN', 31, 40, 2, WHITE)
    .jpeg();
}

interface Drawing {
  file: string;
  draw: () => Buffer;
  entry: Omit<ImageManifest[string], 'file'>;
}

const DRAWINGS: Drawing[] = [
  {
    file: 'red-running-shoe.png',
    draw: redRunningShoe,
    entry: {
      content_type: 'image/png',
      labels: [
        { name: 'running shoe', confidence: 0.93 },
        { name: 'sneaker', confidence: 0.81 },
        { name: 'footwear', confidence: 0.97 },
      ],
      product_type: 'shoes',
      detected_text: [],
      primary_color: 'red',
    },
  },
  {
    file: 'black-headphones.jpg',
    draw: blackHeadphones,
    entry: {
      content_type: 'image/jpeg',
      labels: [
        { name: 'headphones', confidence: 0.95 },
        { name: 'over-ear headphones', confidence: 0.88 },
      ],
      product_type: 'headphones',
      detected_text: [],
      primary_color: 'black',
    },
  },
  {
    file: 'blue-rain-jacket.png',
    draw: blueRainJacket,
    entry: {
      content_type: 'image/png',
      labels: [
        { name: 'rain jacket', confidence: 0.91 },
        { name: 'jacket', confidence: 0.95 },
        { name: 'outerwear', confidence: 0.89 },
      ],
      product_type: 'jackets',
      detected_text: [],
      primary_color: 'blue',
    },
  },
  {
    file: 'pink-t-shirt.jpg',
    draw: pinkTShirt,
    entry: {
      content_type: 'image/jpeg',
      labels: [
        { name: 't-shirt', confidence: 0.94 },
        { name: 'crew neck', confidence: 0.77 },
      ],
      product_type: 't-shirts',
      detected_text: ['RUN'],
      primary_color: 'pink',
    },
  },
];

const imagesDir = join(FIXTURES_DIR, 'images');
for (const file of readdirSync(imagesDir)) {
  if (/\.(?:png|jpg)$/.test(file)) unlinkSync(join(imagesDir, file));
}
const manifest: ImageManifest = {};
for (const drawing of DRAWINGS) {
  const bytes = drawing.draw();
  writeFileSync(join(imagesDir, drawing.file), bytes);
  manifest[sha256Hex(bytes)] = { file: drawing.file, ...drawing.entry };
  console.log(`${drawing.file}: ${bytes.length} bytes`);
}
writeFileSync(join(imagesDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
