import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from '../src/lib/coalesce';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('coalesce', () => {
  it('runs once for a burst of triggers, after the delay', () => {
    const work = vi.fn();
    const refresh = coalesce(work, 150);
    for (let i = 0; i < 20; i += 1) refresh.trigger();
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(150);
    expect(work).toHaveBeenCalledTimes(1);
  });

  it('runs again for a trigger that comes after a run', () => {
    const work = vi.fn();
    const refresh = coalesce(work, 150);
    refresh.trigger();
    vi.advanceTimersByTime(150);
    refresh.trigger();
    vi.advanceTimersByTime(150);
    expect(work).toHaveBeenCalledTimes(2);
  });

  it('runs nothing once cancelled', () => {
    const work = vi.fn();
    const refresh = coalesce(work, 150);
    refresh.trigger();
    refresh.cancel();
    vi.advanceTimersByTime(1_000);
    expect(work).not.toHaveBeenCalled();
  });
});
