import { describe, expect, it } from 'vitest';
import { OPERATOR_COOKIE } from '../../src/admin/operator-auth';
import { clearedOperatorCookie, operatorSessionCookie } from '../../src/admin/operator-cookie';

const attributes = (cookie: string) => cookie.split('; ').slice(1);

describe('the operator session cookie', () => {
  it('is httpOnly, same-site and expires with the token', () => {
    const cookie = operatorSessionCookie('a.b.c', 600, false);
    expect(cookie.startsWith(`${OPERATOR_COOKIE}=a.b.c;`)).toBe(true);
    expect(attributes(cookie)).toEqual(['HttpOnly', 'SameSite=Lax', 'Path=/', 'Max-Age=600']);
  });

  it('travels over HTTPS only where the console is served over TLS', () => {
    expect(attributes(operatorSessionCookie('a.b.c', 600, true))).toContain('Secure');
  });

  it('is cleared by an empty cookie that expires at once', () => {
    expect(clearedOperatorCookie()).toContain('Max-Age=0');
  });
});
