import { describe, expect, it } from 'vitest';
import { nameColor } from '../src/media/color-palette';

describe('nameColor', () => {
  it.each([
    [[0, 0, 255], 'blue'],
    [[10, 20, 90], 'navy'],
    [[230, 30, 40], 'red'],
    [[120, 10, 30], 'burgundy'],
    [[250, 250, 248], 'white'],
    [[15, 15, 15], 'black'],
    [[128, 128, 128], 'grey'],
    [[255, 150, 190], 'pink'],
    [[255, 140, 0], 'orange'],
    [[250, 235, 60], 'yellow'],
    [[40, 150, 60], 'green'],
    [[140, 80, 30], 'brown'],
    [[140, 60, 180], 'purple'],
    [[240, 232, 210], 'beige'],
  ] as [[number, number, number], string][])('names %j %s', (rgb, name) => {
    expect(nameColor(...rgb)).toBe(name);
  });
});
