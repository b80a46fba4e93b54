import { RequirementsSchema } from '@talknshop/contracts';
import type { RequestItem, SessionItem } from '@talknshop/db';
import { readableWorkflowState } from '../workflow/stored-record';
import type { RequestDetail, SessionDetail, SessionRow } from './wire';

export function toSessionRow(session: SessionItem): SessionRow {
  return {
    session_id: session.session_id,
    user_id: session.user_id,
    client_id: session.client_id,
    status: session.status,
    state: session.state,
    request_type: session.request_type,
    request_count: session.request_count,
    last_request_id: session.last_request_id,
    created_at: session.created_at,
    updated_at: session.updated_at,
  };
}

export function toRequestDetail(request: RequestItem): RequestDetail {
  return {
    request_id: request.request_id,
    session_id: request.session_id,
    user_id: request.user_id,
    request_type: request.request_type,
    status: request.status,
    state: request.state,
    created_at: request.created_at,
    updated_at: request.updated_at,
    version: request.version,
    replay_of: request.replay_of ?? null,
    input_data: request.input_data,
    workflow_state: readableWorkflowState(request.workflow_state),
  };
}

export function toSessionDetail(session: SessionItem, requests: RequestItem[]): SessionDetail {
  const requirements = RequirementsSchema.safeParse(session.requirements);
  return {
    session: {
      ...toSessionRow(session),
      requirements: requirements.success ? requirements.data : null,
      pending_clarification: session.pending_clarification,
    },
    requests: requests.map(toRequestDetail),
  };
}
