import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImageLabelSchema } from '@talknshop/contracts';
import { z } from 'zod';
import { FIXTURES_DIR, readManifest, sha256Hex } from './fixture-files';

/**
 * `fixtures/images/manifest.json`: SHA-256 of each file's bytes → what a vision model would say about it.
 * `primary_color` is what the pixels should come out as; the service computes colors itself.
 */
export const ImageManifestSchema = z.record(
  z.string().regex(/^[0-9a-f]{64}$/),
  z.strictObject({
    file: z.string().regex(/^[\w.-]+\.(?:png|jpg)$/),
    content_type: z.enum(['image/png', 'image/jpeg']),
    labels: z.array(ImageLabelSchema),
    product_type: z.string().nullable(),
    detected_text: z.array(z.string()),
    primary_color: z.string(),
  }),
);
export type ImageManifest = z.infer<typeof ImageManifestSchema>;

export interface ImageFixture {
  name: string;
  path: string;
  contentType: 'image/png' | 'image/jpeg';
  bytes: Buffer;
  base64: string;
  sha256: string;
  labels: { name: string; confidence: number }[];
  productType: string | null;
  detectedText: string[];
  /** The color name the pixels are expected to be dominated by. */
  primaryColor: string;
  /** Ready to send as `image` in an extract-image-attributes request. */
  input: { content_type: string; data_base64: string };
}

export function loadImageManifest(): ImageManifest {
  return readManifest('images', ImageManifestSchema);
}

/** Every committed image fixture with its bytes and expected attributes, in file-name order. */
export function imageFixtures(): ImageFixture[] {
  return Object.entries(loadImageManifest())
    .map(([sha256, entry]) => {
      const path = join(FIXTURES_DIR, 'images', entry.file);
      const bytes = readFileSync(path);
      if (sha256Hex(bytes) !== sha256) throw new Error(`${entry.file} does not match its manifest hash`);
      const base64 = bytes.toString('base64');
      return {
        name: entry.file.replace(/\.(?:png|jpg)$/, ''),
        path,
        contentType: entry.content_type,
        bytes,
        base64,
        sha256,
        labels: entry.labels,
        productType: entry.product_type,
        detectedText: entry.detected_text,
        primaryColor: entry.primary_color,
        input: { content_type: entry.content_type, data_base64: base64 },
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
