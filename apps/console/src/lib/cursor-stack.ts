/**
 * Cursor pagination only moves forward, so "Previous" needs the cursors that led to each page:
 * `cursors[i]` fetches page i (page 0 has none). Immutable so React state updates stay plain.
 */
export interface CursorStack {
  readonly cursors: readonly (string | null)[];
}

export const firstPage = (): CursorStack => ({ cursors: [null] });

export function currentCursor(stack: CursorStack): string | null {
  return stack.cursors.at(-1) ?? null;
}

export function pageIndex(stack: CursorStack): number {
  return stack.cursors.length - 1;
}

export function hasPrevious(stack: CursorStack): boolean {
  return stack.cursors.length > 1;
}

/** Moves to the page `next` (the cursor the current page returned) starts. */
export function pushCursor(stack: CursorStack, next: string): CursorStack {
  return { cursors: [...stack.cursors, next] };
}

export function popCursor(stack: CursorStack): CursorStack {
  return hasPrevious(stack) ? { cursors: stack.cursors.slice(0, -1) } : stack;
}
