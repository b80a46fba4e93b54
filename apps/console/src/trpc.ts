import type { AppRouter, RouterOutputs } from '@talknshop/api';
import { createTRPCReact } from '@trpc/react-query';

/** Typed hooks for the orchestrator's router; only its types are imported, never its server code. */
export const trpc = createTRPCReact<AppRouter>();

export type AdminOutputs = RouterOutputs['admin'];
