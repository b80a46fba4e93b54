'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { trpc } from '../trpc';

const LINKS = [
  { href: '/sessions', label: 'Sessions' },
  { href: '/latency', label: 'Downstream latency' },
];

export function ConsoleHeader() {
  const pathname = usePathname();
  const queryClient = useQueryClient();
  const me = trpc.admin.me.useQuery(undefined, { staleTime: 60_000 });
  const logout = trpc.admin.logout.useMutation({
    onSettled: () => {
      queryClient.clear();
      window.location.assign('/login');
    },
  });
  return (
    <header className="topbar">
      <Link href="/sessions" className="brand">
        TalknShop <span>console</span>
      </Link>
      <nav aria-label="Main">
        <ul>
          {LINKS.map((link) => {
            const active =
              pathname.startsWith(link.href) ||
              (link.href === '/sessions' && pathname.startsWith('/replays'));
            return (
              <li key={link.href}>
                <Link href={link.href} aria-current={active ? 'page' : undefined}>
                  {link.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="operator">
        {me.data ? (
          <span className="muted">
            Signed in as <strong>{me.data.username}</strong>
          </span>
        ) : null}
        <button
          type="button"
          className="button subtle"
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          {logout.isPending ? 'Signing out…' : 'Sign out'}
        </button>
      </div>
    </header>
  );
}
