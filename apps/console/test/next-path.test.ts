import { describe, expect, it } from 'vitest';
import { loginPath, safeNextPath } from '../src/lib/next-path';

describe('safeNextPath', () => {
  it('keeps same-origin paths with their query', () => {
    expect(safeNextPath('/sessions/abc?request=r1')).toBe('/sessions/abc?request=r1');
  });
  it('refuses anything that could leave the console, or loop back to login', () => {
    for (const next of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      '/login',
      '/login?next=/x',
    ]) {
      expect(safeNextPath(next)).toBe('/sessions');
    }
  });
  it('builds a login link that comes back to where the operator was', () => {
    const link = loginPath('/sessions?status=failed');
    expect(link).toBe('/login?next=%2Fsessions%3Fstatus%3Dfailed');
    expect(safeNextPath(new URLSearchParams(link.split('?')[1]).get('next'))).toBe('/sessions?status=failed');
  });
});
