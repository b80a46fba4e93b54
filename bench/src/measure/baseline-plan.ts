import {
  InputDataSchema,
  type SearchInput,
  searchRequest,
  type WorkflowResponse,
  workflowInput,
} from '@talknshop/api';
import { RequirementsSchema } from '@talknshop/contracts';
import { type Documents, OrchestratorRepository } from '@talknshop/db';
import type { BaselinePlan } from '../baseline/plan';
import { textSearchInput } from '../load/bodies';
import { postJson } from '../load/orchestrator-api';
import { freePort } from '../stack/free-port';
import type { Stack } from '../stack/stack';
import type { DynamoCost } from './dynamo-cost';

/**
 * What the baseline must do to match one orchestrator text search: the catalog request the orchestrator
 * builds (recomputed from the request it stored, with its own pure decision function) and the DynamoDB
 * calls it made per search, as measured.
 */
export async function deriveBaselinePlan(
  stack: Pick<Stack, 'orchestrator' | 'dynamoEndpoint' | 'services'>,
  doc: Documents,
  cost: DynamoCost,
): Promise<BaselinePlan> {
  const { url, tableName } = stack.orchestrator;
  const repo = new OrchestratorRepository({
    doc,
    tableName,
    clock: () => new Date(),
    cursorSecret: 'bench-reads-first-pages-only',
    ttlDays: 30,
  });
  const input: Pick<SearchInput, 'user_id' | 'query'> = textSearchInput('baseline-plan');
  const answer = await postJson<WorkflowResponse>(url, '/api/v1/search', input);
  const page = await repo.listSessionRequests(answer.session_id, { limit: 1 });
  const stored = page.items[0];
  if (!stored) throw new Error(`the orchestrator stored no request for session ${answer.session_id}`);
  const inputData = InputDataSchema.parse(stored.input_data);
  const requirements = RequirementsSchema.parse(answer.requirements);
  const perCall = (operation: string) =>
    (cost.writeBytesByOperation[operation] ?? 0) / Math.max(1, cost.operations[operation] ?? 0);
  return {
    port: await freePort(),
    dynamoEndpoint: stack.dynamoEndpoint,
    tableName,
    catalogUrl: stack.services.catalog,
    composerUrl: stack.services.composer,
    searchBody: { ...searchRequest(requirements, workflowInput(inputData), []) },
    requirements: { ...requirements },
    limit: inputData.limit,
    writes: {
      puts: Math.round(cost.operations.PutItem ?? 0),
      updates: Math.round(cost.operations.UpdateItem ?? 0),
      putBytes: Math.round(perCall('PutItem')),
      updateBytes: Math.round(perCall('UpdateItem')),
    },
    gets: Math.round(cost.reads),
  };
}
