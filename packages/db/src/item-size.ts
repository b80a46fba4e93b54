import { ItemTooLargeError } from './errors';

/** DynamoDB's hard limit on one item: attribute names plus values. */
export const MAX_ITEM_BYTES = 400 * 1024;

/**
 * Size of an item as DynamoDB counts it, rounded up where DynamoDB's rule is approximate, so an item
 * this accepts is never refused by the service. Values are JS values as the document client marshals
 * them; `undefined` attributes are skipped (the client removes them).
 */
export function itemSizeBytes(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value !== undefined) size += utf8Bytes(name) + valueBytes(value);
  }
  return size;
}

/** Throws `ItemTooLargeError` (naming `label`) before anything is sent when the item cannot fit. */
export function assertItemFits(label: string, item: Record<string, unknown>): void {
  const size = itemSizeBytes(item);
  if (size > MAX_ITEM_BYTES) throw new ItemTooLargeError(label, size, MAX_ITEM_BYTES);
}

// Lists and maps cost 3 bytes plus 1 byte per element; map entries also pay for their key.
const CONTAINER_OVERHEAD = 3;
const ELEMENT_OVERHEAD = 1;

function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return numberBytes(value);
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value) || value instanceof Set) {
    let size = CONTAINER_OVERHEAD;
    for (const element of value) size += ELEMENT_OVERHEAD + valueBytes(element);
    return size;
  }
  if (typeof value === 'object') {
    let size = CONTAINER_OVERHEAD;
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) size += ELEMENT_OVERHEAD + utf8Bytes(key) + valueBytes(element);
    }
    return size;
  }
  throw new TypeError(`cannot store a value of type ${typeof value} in DynamoDB`);
}

/** One byte per two significant digits, plus one, plus a byte each for sign and digit alignment. */
function numberBytes(value: number | bigint): number {
  const digits = significantDigits(value);
  return Math.ceil(digits / 2) + 3;
}

function significantDigits(value: number | bigint): number {
  // Most stored numbers are integers (versions, epochs, counts, prices in cents): counted without strings.
  if (typeof value === 'number' && Number.isSafeInteger(value)) return integerDigits(Math.abs(value));
  const mantissa = typeof value === 'bigint' ? value.toString() : value.toExponential().split('e')[0]!;
  const trimmed = mantissa.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.max(1, trimmed.length);
}

function integerDigits(value: number): number {
  if (value === 0) return 1;
  let rest = value;
  while (rest % 10 === 0) rest /= 10;
  let digits = 1;
  while (rest >= 10) {
    rest = Math.floor(rest / 10);
    digits += 1;
  }
  return digits;
}

function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
