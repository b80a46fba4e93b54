const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000 };
const JOINERS = ['a', 'and', 'point', 'half'];

const NUMBER_WORD = [...Object.keys(UNITS), ...Object.keys(TENS), ...Object.keys(SCALES), ...JOINERS].join(
  '|',
);
const NUMBER_RUN = new RegExp(`(?<![a-z])(?:${NUMBER_WORD})(?: (?:${NUMBER_WORD}))*(?![a-z])`, 'g');

/**
 * Spoken transcripts spell numbers out: "under one hundred dollars", "size nine and a half", "four point
 * five stars". Rewrites each spelled-out number as digits. A lone "one" stays a word ("the one with a
 * hood", "one plus").
 */
export function spokenNumbersToDigits(normalized: string): string {
  return normalized.replace(NUMBER_RUN, (run) => convertRun(run.split(' ')));
}

function convertRun(words: string[]): string {
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    const number = readNumber(words, index);
    if (number === null) {
      out.push(words[index] as string);
      index += 1;
    } else {
      out.push(String(number.value));
      index += number.length;
    }
  }
  return out.join(' ');
}

type Last = 'unit' | 'tens' | 'scale' | null;

/** Reads the longest number starting at `start`, or null when the words there are not a number. */
function readNumber(words: string[], start: number): { value: number; length: number } | null {
  let total = 0;
  let current = 0;
  let last: Last = null;
  let index = start;
  for (; index < words.length; index += 1) {
    const word = words[index] as string;
    const next = words[index + 1];
    const unit = UNITS[word];
    const tens = TENS[word];
    if (unit !== undefined && last !== 'unit' && !(last === 'tens' && unit >= 10)) {
      current += unit;
      last = 'unit';
    } else if (tens !== undefined && last !== 'unit' && last !== 'tens') {
      current += tens;
      last = 'tens';
    } else if (word === 'hundred' && last !== 'scale') {
      // A bare "hundred dollars" means one hundred.
      current = (last === null ? 1 : current) * 100;
      last = 'scale';
    } else if (word === 'thousand') {
      total += (last === null ? 1 : current) * 1000;
      current = 0;
      last = 'scale';
    } else if (word === 'a' && last === null && next !== undefined && SCALES[next] !== undefined) {
      current = 1;
      last = 'unit';
    } else if (word === 'and' && last !== null && next === 'a' && words[index + 2] === 'half') {
      current += 0.5;
      index += 3;
      break;
    } else if (word === 'and' && last === 'scale' && startsSmallNumber(words, index + 1)) {
    } else if (word === 'point' && last !== null && next !== undefined && isDigit(next)) {
      const digits = readDigits(words, index + 1);
      current += Number(`0.${digits}`);
      index += 1 + digits.length;
      break;
    } else {
      break;
    }
  }
  const length = index - start;
  if (last === null || (length === 1 && words[start] === 'one')) return null;
  return { value: total + current, length };
}

/** Whether the words from `start` are a number below a hundred that no scale word follows. */
function startsSmallNumber(words: string[], start: number): boolean {
  let index = start;
  if (TENS[words[index] ?? ''] !== undefined) index += 1;
  if (UNITS[words[index] ?? ''] !== undefined) index += 1;
  return index > start && SCALES[words[index] ?? ''] === undefined;
}

function isDigit(word: string): boolean {
  const unit = UNITS[word];
  return unit !== undefined && unit < 10;
}

function readDigits(words: string[], start: number): string {
  let digits = '';
  for (let index = start; index < words.length && isDigit(words[index] as string); index += 1) {
    digits += String(UNITS[words[index] as string]);
  }
  return digits;
}
