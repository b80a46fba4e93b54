import type { ImageAttributes } from '@talknshop/contracts';
import { dominantColors } from './dominant-colors';
import { sha256Hex } from './fixture-files';
import { decodeImage } from './image-decode';
import type { ImageManifest } from './image-fixtures';

/**
 * Size and colors come from the decoded pixels of any PNG or JPEG; labels, product type and text are
 * known only for the fixture images (recognised by SHA-256) and empty for everything else.
 */
export function extractImageAttributes(bytes: Buffer, library: ImageManifest): ImageAttributes {
  const image = decodeImage(bytes);
  const known = library[sha256Hex(bytes)];
  return {
    labels: known?.labels ?? [],
    colors: dominantColors(image),
    detected_text: known?.detected_text ?? [],
    product_type: known?.product_type ?? null,
    width: image.width,
    height: image.height,
  };
}
