import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../src/components/feedback';
import { SessionsView } from '../../../src/components/sessions/sessions-view';

export const metadata: Metadata = { title: 'Sessions' };

export default function SessionsPage() {
  return (
    <Suspense fallback={<Loading />}>
      <SessionsView />
    </Suspense>
  );
}
