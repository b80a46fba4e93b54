import { z } from 'zod';

export const WORKFLOW_STATES = [
  'INITIAL',
  'MEDIA_PROCESSING',
  'REQUIREMENT_BUILDING',
  'CLARIFICATION',
  'SEARCHING',
  'RANKING',
  'COMPLETED',
  'FAILED',
] as const;
export const WorkflowStateNameSchema = z.enum(WORKFLOW_STATES);
export type WorkflowStateName = z.infer<typeof WorkflowStateNameSchema>;

/** Every legal move of the state machine; anything else is a bug and is refused. */
const TRANSITIONS: Record<WorkflowStateName, readonly WorkflowStateName[]> = {
  INITIAL: ['MEDIA_PROCESSING', 'REQUIREMENT_BUILDING', 'FAILED'],
  MEDIA_PROCESSING: ['REQUIREMENT_BUILDING', 'CLARIFICATION', 'FAILED'],
  REQUIREMENT_BUILDING: ['CLARIFICATION', 'SEARCHING', 'FAILED'],
  CLARIFICATION: ['REQUIREMENT_BUILDING', 'FAILED'],
  SEARCHING: ['RANKING', 'FAILED'],
  RANKING: ['COMPLETED', 'FAILED'],
  COMPLETED: [],
  FAILED: [],
};

export function canTransition(from: WorkflowStateName, to: WorkflowStateName): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isTerminal(state: WorkflowStateName): boolean {
  return state === 'COMPLETED' || state === 'FAILED';
}

export type RequestStatus = 'pending' | 'processing' | 'completed' | 'failed';

/** A request waiting for the shopper is `pending`; one being worked on is `processing`. */
export function statusOf(state: WorkflowStateName): RequestStatus {
  switch (state) {
    case 'INITIAL':
    case 'CLARIFICATION':
      return 'pending';
    case 'COMPLETED':
      return 'completed';
    case 'FAILED':
      return 'failed';
    default:
      return 'processing';
  }
}
