'use client';

import { useRouter } from 'next/navigation';
import { describeError } from '../../lib/api-error';
import { replayHref } from '../../lib/routes';
import { trpc } from '../../trpc';

/**
 * "Recorded" feeds the request's recorded downstream answers back through today's workflow (is the logic
 * deterministic?); "live" calls the services again (what would the shopper get now?). Both end on the diff.
 */
export function ReplayButtons({ requestId }: { requestId: string }) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const replay = trpc.admin.replay.useMutation({
    onSuccess: (result) => {
      utils.admin.replays.get.setData({ request_id: result.replay.request_id }, result);
      router.push(replayHref(result.replay.request_id));
    },
  });
  const running = replay.isPending ? replay.variables?.mode : null;
  return (
    <div className="replay-buttons">
      <button
        type="button"
        className="button"
        disabled={replay.isPending || replay.isSuccess}
        onClick={() => replay.mutate({ request_id: requestId, mode: 'recorded' })}
      >
        {running === 'recorded' ? 'Replaying…' : 'Replay recorded'}
      </button>
      <button
        type="button"
        className="button"
        disabled={replay.isPending || replay.isSuccess}
        onClick={() => replay.mutate({ request_id: requestId, mode: 'live' })}
      >
        {running === 'live' ? 'Replaying…' : 'Replay live'}
      </button>
      {replay.error ? (
        <p className="field-error" role="alert">
          Replay failed: {describeError(replay.error).message}
        </p>
      ) : null}
    </div>
  );
}
