/**
 * Words that carry no product meaning on their own: conversation, grammar, and the cue words of prices,
 * ratings, negations and refinements whose meaning other steps already read.
 */
const STOPWORDS = new Set(
  `a about above actually add after again all also am an and any anything are around as at be been best
  between bit both but buy buying by can cant care cheaper color colors colour could cost costs did do does
  doesnt dont either else even ever exactly fancier find for from get give go good got great had has have
  hello help hey hi higher him her how i id ill im in instead into is isnt it its ive just kind kinda least
  less let like looking look lower made make max maybe me mine min more most much my need needs nice nicer
  no nope not now of off ok okay on one ones only or other others our out over pair pairs perhaps please
  preferably price priced prices pricier pricing rated rating really results search searching see shop
  shopping should show similar size sizes so some something sort star stars such than thank thanks that the
  their them then there these they thing things this those to too type under up us very wanna want wanted
  wants was we well were what whats which while will with within without would yeah yes you your
  dollars dollar bucks euros euro pounds usd eur gbp inch inches better option options
  next page pages another additional load keep going continue items products stuff sure idea dunno know
  think guess mind nothing except excluding exclude avoid never non`
    .split(/\s+/)
    .filter((word) => word !== ''),
);

export interface PositionedWord {
  at: number;
  word: string;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** The meaningful words left once every other step has consumed what it understood. */
export function remainingKeywords(text: string): PositionedWord[] {
  return [...text.matchAll(/[a-z0-9&]+/g)]
    .map((match) => ({ at: match.index, word: match[0] }))
    .filter(({ word }) => word.length > 1 && /[a-z]/.test(word) && !STOPWORDS.has(word));
}
