import { describe, expect, it } from 'vitest';
import {
  currentCursor,
  firstPage,
  hasPrevious,
  pageIndex,
  popCursor,
  pushCursor,
} from '../src/lib/cursor-stack';

describe('cursor stack', () => {
  it('starts on the first page with no cursor and nothing before it', () => {
    const stack = firstPage();
    expect(currentCursor(stack)).toBeNull();
    expect(pageIndex(stack)).toBe(0);
    expect(hasPrevious(stack)).toBe(false);
  });

  it('goes forward with the cursor each page returned and back the way it came', () => {
    const third = pushCursor(pushCursor(firstPage(), 'c1'), 'c2');
    expect(currentCursor(third)).toBe('c2');
    expect(pageIndex(third)).toBe(2);
    const second = popCursor(third);
    expect(currentCursor(second)).toBe('c1');
    const first = popCursor(second);
    expect(currentCursor(first)).toBeNull();
    expect(hasPrevious(first)).toBe(false);
  });

  it('stays on the first page when asked to go back from it, and never mutates', () => {
    const stack = firstPage();
    expect(popCursor(stack)).toBe(stack);
    const next = pushCursor(stack, 'c1');
    expect(stack.cursors).toEqual([null]);
    expect(next.cursors).toEqual([null, 'c1']);
  });
});
