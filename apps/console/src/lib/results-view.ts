/**
 * The two result lists of a replay, each entry marked against the other list: kept in place, moved
 * (with its position there), or present on one side only. Positions are 1-based, as operators count.
 */
export type ResultMark = 'same' | 'moved' | 'only';

export interface MarkedResult {
  product_id: string;
  position: number;
  mark: ResultMark;
  /** The product's position in the other list, when it is there. */
  otherPosition: number | null;
}

function mark(list: readonly string[], other: readonly string[]): MarkedResult[] {
  return list.map((product_id, index) => {
    const there = other.indexOf(product_id);
    return {
      product_id,
      position: index + 1,
      mark: there === -1 ? 'only' : there === index ? 'same' : 'moved',
      otherPosition: there === -1 ? null : there + 1,
    };
  });
}

export function markResults(
  original: readonly string[],
  replay: readonly string[],
): { original: MarkedResult[]; replay: MarkedResult[] } {
  return { original: mark(original, replay), replay: mark(replay, original) };
}

/** Per-state latency difference, replay minus original; null when either side never entered the state. */
export function latencyDelta(original: number | null, replay: number | null): number | null {
  return original === null || replay === null ? null : replay - original;
}
