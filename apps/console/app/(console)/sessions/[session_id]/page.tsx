import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../../src/components/feedback';
import { SessionView } from '../../../../src/components/session/session-view';

export const metadata: Metadata = { title: 'Session' };

export default async function SessionPage({ params }: { params: Promise<{ session_id: string }> }) {
  const { session_id } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <SessionView sessionId={decodeURIComponent(session_id)} />
    </Suspense>
  );
}
