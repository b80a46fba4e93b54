export interface Span {
  start: number;
  end: number;
}

/** Stands in for text an extraction step has already read, so later steps and keywords skip it. */
export const CONSUMED = '|';

/** Blanks out spans while keeping every other character at its index. */
export function maskSpans(text: string, spans: readonly Span[]): string {
  let masked = text;
  for (const { start, end } of spans) {
    masked = masked.slice(0, start) + CONSUMED.repeat(end - start) + masked.slice(end);
  }
  return masked;
}

export function spanOf(match: RegExpExecArray | RegExpMatchArray): Span {
  const start = match.index ?? 0;
  return { start, end: start + match[0].length };
}
