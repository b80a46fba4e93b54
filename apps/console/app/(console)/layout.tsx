import type { ReactNode } from 'react';
import { ConsoleHeader } from '../../src/components/console-header';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <ConsoleHeader />
      <main id="main" className="page">
        {children}
      </main>
    </>
  );
}
