import type { Span } from './spans';

const FILLER =
  '(?:any|a|an|the|from|by|in|made|of|with|color|colored|colour|coloured|brand|too|very|so|that|really)';
const CUE = new RegExp(
  String.raw`(?:^|[^a-z])(?:not|no|non|without|except|excluding|exclude|anything but|but not|other than|avoid|never|nothing|dont want|dont like|dont need|no more)\s+(?:${FILLER}\s+)*$`,
);
/** What may stand between two negated items of a list: "not Nike, Adidas or Puma". */
const LIST_JOIN = new RegExp(String.raw`^[\s,/]*(?:(?:or|and|nor)\s+)?(?:${FILLER}\s+)*$`);

export interface Negatable extends Span {
  kind: string;
}

/**
 * Which items the text negates ("not Nike", "no leather", "anything but black", "without a hood"). An
 * item directly after a negated item of the same kind, joined only by a list word, is negated too:
 * "not black or brown" excludes both. Items must be sorted by position.
 */
export function negatedItems(text: string, items: readonly Negatable[]): boolean[] {
  const negated: boolean[] = [];
  items.forEach((item, index) => {
    const previous = index > 0 ? items[index - 1] : undefined;
    const gap = text.slice(previous?.end ?? 0, item.start);
    const continuesList =
      previous !== undefined &&
      previous.kind === item.kind &&
      negated[index - 1] === true &&
      LIST_JOIN.test(gap);
    negated.push(CUE.test(gap) || continuesList);
  });
  return negated;
}
