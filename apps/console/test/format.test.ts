import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatClock,
  formatDateTime,
  formatMs,
  formatPercent,
  formatPrice,
  formatRelative,
  isoToLocalInput,
  localInputToIso,
  shortId,
} from '../src/lib/format';

describe('formatMs', () => {
  it('picks a unit that keeps the number short', () => {
    expect(formatMs(0)).toBe('0 ms');
    expect(formatMs(3.25)).toBe('3.3 ms');
    expect(formatMs(412.4)).toBe('412 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(90_000)).toBe('1.5 min');
  });
  it('shows a dash for missing values', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(undefined)).toBe('—');
    expect(formatMs(Number.NaN)).toBe('—');
  });
});

describe('formatPercent', () => {
  it('keeps one decimal below 10%', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.0123)).toBe('1.2%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercent(null)).toBe('—');
  });
});

describe('dates', () => {
  it('formats ISO timestamps in the local zone, sortably', () => {
    expect(formatDateTime('2025-03-04T05:06:07.890Z')).toBe('2025-03-04 05:06:07');
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatClock('2025-03-04T05:06:07Z')).toBe('05:06');
  });
  it('describes how long ago something happened', () => {
    const now = new Date('2025-03-04T12:00:00Z');
    expect(formatRelative('2025-03-04T11:59:58Z', now)).toBe('just now');
    expect(formatRelative('2025-03-04T11:59:30Z', now)).toBe('30s ago');
    expect(formatRelative('2025-03-04T11:15:00Z', now)).toBe('45m ago');
    expect(formatRelative('2025-03-03T12:00:00Z', now)).toBe('24h ago');
    expect(formatRelative('2025-02-20T12:00:00Z', now)).toBe('12d ago');
  });
  it('round-trips datetime-local input values', () => {
    expect(localInputToIso('2025-03-04T05:06')).toBe('2025-03-04T05:06:00.000Z');
    expect(localInputToIso('')).toBeUndefined();
    expect(localInputToIso('garbage')).toBeUndefined();
    expect(isoToLocalInput('2025-03-04T05:06:00.000Z')).toBe('2025-03-04T05:06');
    expect(isoToLocalInput(undefined)).toBe('');
  });
});

describe('small formatters', () => {
  it('shortens long ids only', () => {
    expect(shortId('4f1c2a9e-1111-2222-3333-444455556666')).toBe('4f1c2a9e…');
    expect(shortId('req-1')).toBe('req-1');
  });
  it('formats sizes and prices', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(null)).toBe('size unknown');
    expect(formatPrice(79.5, 'USD')).toBe('$79.50');
    expect(formatPrice(null, 'USD')).toBe('—');
  });
});
