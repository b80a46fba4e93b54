import { describe, expect, it } from 'vitest';
import { TurnWindow } from '../src/load/turn-window';

function clock(startMs = 1_000) {
  let now = startMs;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('TurnWindow', () => {
  it('measures nothing until every connection has answered once', () => {
    const time = clock();
    const window = new TurnWindow({ connections: 2, seconds: 1, now: time.now });
    time.advance(10);
    window.answer('a', true, 10);
    time.advance(10);
    window.answer('a', true, 5);
    expect(window.isOpen).toBe(false);
    time.advance(3_000);
    // The late connection's first request waited for its connection to be accepted: ramp, not measured.
    window.answer('b', true, 3_020);
    expect(window.isOpen).toBe(true);
    time.advance(10);
    window.answer('a', true, 7);
    window.answer('b', true, 9);
    expect(window.latencies).toEqual([7, 9]);
    expect(window.span()).toEqual({ seconds: 1, rampSeconds: 3.02 });
  });

  it('ignores answers after the window closes', () => {
    const time = clock();
    const window = new TurnWindow({ connections: 1, seconds: 2, now: time.now });
    window.answer('a', true, 1);
    time.advance(2_000);
    window.answer('a', true, 2);
    time.advance(1);
    window.answer('a', true, 3);
    window.answer('a', false, 3);
    window.error();
    expect(window.latencies).toEqual([2]);
    expect(window.failed).toBe(0);
  });

  it('counts failures before the window and inside it', () => {
    const time = clock();
    const window = new TurnWindow({ connections: 2, seconds: 1, now: time.now });
    window.answer('a', false, 1);
    window.error();
    window.answer('b', true, 1);
    window.answer('b', false, 1);
    window.error();
    expect(window.failed).toBe(4);
    expect(window.latencies).toEqual([]);
  });

  it('opens when told to, even if a connection never answered', () => {
    const time = clock();
    const window = new TurnWindow({ connections: 3, seconds: 1, now: time.now });
    window.answer('a', true, 1);
    time.advance(20_000);
    window.open();
    time.advance(1);
    window.answer('a', true, 4);
    // Opening again (e.g. the last connection's first answer) moves nothing.
    window.answer('c', true, 5);
    expect(window.latencies).toEqual([4, 5]);
    expect(window.span()).toEqual({ seconds: 1, rampSeconds: 20 });
  });

  it('reports no measured time when the window never opened', () => {
    const time = clock();
    const window = new TurnWindow({ connections: 2, seconds: 1, now: time.now });
    window.answer('a', true, 1);
    time.advance(500);
    expect(window.span()).toEqual({ seconds: 0, rampSeconds: 0.5 });
  });
});
