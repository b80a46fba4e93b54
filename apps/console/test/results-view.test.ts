import { describe, expect, it } from 'vitest';
import { latencyDelta, markResults } from '../src/lib/results-view';

describe('markResults', () => {
  it('marks each product as kept, moved or on one side only', () => {
    const { original, replay } = markResults(['a', 'b', 'c'], ['b', 'a', 'd']);
    expect(original.map((r) => [r.product_id, r.mark, r.otherPosition])).toEqual([
      ['a', 'moved', 2],
      ['b', 'moved', 1],
      ['c', 'only', null],
    ]);
    expect(replay.map((r) => [r.product_id, r.position, r.mark])).toEqual([
      ['b', 1, 'moved'],
      ['a', 2, 'moved'],
      ['d', 3, 'only'],
    ]);
  });

  it('marks identical lists as the same throughout', () => {
    const { original } = markResults(['a', 'b'], ['a', 'b']);
    expect(original.every((r) => r.mark === 'same')).toBe(true);
  });
});

describe('latencyDelta', () => {
  it('is replay minus original, or null when a side is missing', () => {
    expect(latencyDelta(100, 130)).toBe(30);
    expect(latencyDelta(null, 130)).toBeNull();
  });
});
