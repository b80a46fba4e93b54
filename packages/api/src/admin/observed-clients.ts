import type { CallContext, CallRecord, Clients } from '@talknshop/clients';

/** Receives every downstream attempt with the id of the request it was made for. */
export type CallObserver = (call: CallRecord, requestId: string) => void;

/**
 * The same clients, also reporting each attempt to `observe` with the call's request id. The clients'
 * global sink sees no request id; every call carries one in its context, so wrapping the per-call sink
 * is where both are known.
 */
export function observeCalls(clients: Clients, observe: CallObserver): Clients {
  const observed = (ctx: CallContext): CallContext => ({
    ...ctx,
    sink: (record) => {
      try {
        ctx.sink?.(record);
      } finally {
        observe(record, ctx.requestId);
      }
    },
  });
  return {
    media: {
      transcribe: (body, ctx) => clients.media.transcribe(body, observed(ctx)),
      extractImageAttributes: (body, ctx) => clients.media.extractImageAttributes(body, observed(ctx)),
    },
    catalog: {
      search: (body, ctx) => clients.catalog.search(body, observed(ctx)),
      getProduct: (productId, ctx) => clients.catalog.getProduct(productId, observed(ctx)),
    },
    composer: {
      rank: (body, ctx) => clients.composer.rank(body, observed(ctx)),
      compose: (body, ctx) => clients.composer.compose(body, observed(ctx)),
    },
    breakerStates: () => clients.breakerStates(),
  };
}
