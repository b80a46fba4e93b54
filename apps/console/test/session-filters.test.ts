import { describe, expect, it } from 'vitest';
import { filtersToQuery, isUserIdValid, parseFilters } from '../src/lib/session-filters';

describe('session filters in the URL', () => {
  it('round-trips every filter', () => {
    const filters = {
      user_id: 'shopper-1',
      status: 'failed' as const,
      state: 'SEARCHING' as const,
      request_type: 'chat' as const,
      from: '2025-01-01T00:00:00.000Z',
      to: '2025-01-02T00:00:00.000Z',
    };
    const query = filtersToQuery(filters);
    expect(query.startsWith('?')).toBe(true);
    expect(parseFilters(new URLSearchParams(query))).toEqual(filters);
  });

  it('drops values the API would refuse instead of sending them', () => {
    const parsed = parseFilters(
      new URLSearchParams('user_id=bad%20id&status=weird&state=NOPE&request_type=x&from=yesterday&to='),
    );
    expect(parsed).toEqual({});
  });

  it('writes nothing for no filters', () => {
    expect(filtersToQuery({})).toBe('');
  });

  it('validates a typed user id like the API does', () => {
    expect(isUserIdValid('')).toBe(true);
    expect(isUserIdValid('user@example.com')).toBe(true);
    expect(isUserIdValid('two words')).toBe(false);
  });
});
