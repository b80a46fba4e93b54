import { describe, expect, it } from 'vitest';
import { spokenNumbersToDigits } from '../../src/requirements';

describe('spokenNumbersToDigits', () => {
  it.each([
    ['under one hundred dollars', 'under 100 dollars'],
    ['a hundred bucks', '100 bucks'],
    ['hundred dollars', '100 dollars'],
    ['two hundred and fifty', '250'],
    ['between two hundred and three hundred', 'between 200 and 300'],
    ['one thousand five hundred', '1500'],
    ['fifteen hundred', '1500'],
    ['twenty five', '25'],
    ['size nine and a half', 'size 9.5'],
    ['four point five stars', '4.5 stars'],
    ['the one with a hood', 'the one with a hood'],
    ['a red jacket', 'a red jacket'],
  ])('rewrites "%s" as "%s"', (spoken, written) => {
    expect(spokenNumbersToDigits(spoken)).toBe(written);
  });
});
