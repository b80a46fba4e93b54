import type { Metadata } from 'next';
import { ReplayView } from '../../../../src/components/replay/replay-view';

export const metadata: Metadata = { title: 'Replay diff' };

export default async function ReplayPage({ params }: { params: Promise<{ request_id: string }> }) {
  const { request_id } = await params;
  return <ReplayView requestId={decodeURIComponent(request_id)} />;
}
