import type { Metadata } from 'next';
import { Suspense } from 'react';
import { Loading } from '../../../src/components/feedback';
import { LatencyView } from '../../../src/components/latency/latency-view';

export const metadata: Metadata = { title: 'Downstream latency' };

export default function LatencyPage() {
  return (
    <Suspense fallback={<Loading />}>
      <LatencyView />
    </Suspense>
  );
}
