export * from './admin/latency-recorder';
export * from './admin/latency-report';
export * from './admin/observed-clients';
export * from './admin/operator-auth';
export * from './admin/operator-cookie';
export * from './admin/replay';
export * from './admin/replay-diff';
export * from './admin/service';
export * from './admin/session-admin';
export * from './admin/session-views';
export * from './admin/wire';
export * from './auth/api-keys';
export * from './auth/idempotency';
export * from './auth/login-throttle';
export * from './auth/rate-limiter';
export * from './clarification';
export * from './errors';
export * from './events/session-stream';
export * from './events/workflow-events';
export * from './input-data';
export * from './lease';
export * from './orchestration';
export * from './recovery/decision';
export * from './recovery/recover';
export * from './request-checkpoints';
export * from './requirements';
export * from './root';
export * from './session-outcome';
export {
  type ApiServices,
  type Context,
  createCallerFactory,
  createContextInner,
  toApiErrorBody,
} from './trpc';
export * from './wire';
export * from './workflow/activities';
export * from './workflow/decisions';
export * from './workflow/live';
export * from './workflow/record';
export * from './workflow/run';
export * from './workflow/states';
export * from './workflow-input';
