import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ServiceError } from '../http/errors';

export interface DecodedImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes per pixel. */
  rgba: Uint8Array;
}

const MAX_MEGAPIXELS = 50;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];

/** Decodes PNG or JPEG bytes (recognised by their signature); anything else is a 422 UNDECODABLE_IMAGE. */
export function decodeImage(bytes: Buffer): DecodedImage {
  try {
    if (startsWith(bytes, PNG_SIGNATURE)) return decodePng(bytes);
    if (startsWith(bytes, JPEG_SIGNATURE)) return decodeJpeg(bytes);
  } catch (error) {
    throw undecodable(`image could not be decoded: ${(error as Error).message}`);
  }
  throw undecodable('image is neither PNG nor JPEG');
}

function decodePng(bytes: Buffer): DecodedImage {
  // The IHDR chunk comes first: check the size before allocating pixels for it.
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (width * height > MAX_MEGAPIXELS * 1_000_000)
    throw new Error(`larger than ${MAX_MEGAPIXELS} megapixels`);
  const png = PNG.sync.read(bytes);
  return { width: png.width, height: png.height, rgba: png.data };
}

function decodeJpeg(bytes: Buffer): DecodedImage {
  const image = jpeg.decode(bytes, {
    useTArray: true,
    formatAsRGBA: true,
    maxResolutionInMP: MAX_MEGAPIXELS,
    maxMemoryUsageInMB: 512,
  });
  if (image.width === 0 || image.height === 0) throw new Error('image has no pixels');
  return { width: image.width, height: image.height, rgba: image.data };
}

function startsWith(bytes: Buffer, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function undecodable(message: string): ServiceError {
  return new ServiceError(422, 'UNDECODABLE_IMAGE', message, 'image');
}
