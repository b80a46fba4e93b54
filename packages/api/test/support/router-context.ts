import { randomUUID } from 'node:crypto';
import { createClients } from '@talknshop/clients';
import { MetricsStore, OrchestratorRepository } from '@talknshop/db';
import { startTestDynamo, type TestDynamo } from '@talknshop/db/testing';
import { createOperatorAuth } from '../../src/admin/operator-auth';
import { createAdminService } from '../../src/admin/service';
import { createOrchestration } from '../../src/orchestration';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY, learnVocabulary } from '../../src/requirements';
import { type ApiServices, type Context, createContextInner } from '../../src/trpc';
import type { Readiness } from '../../src/wire';
import { type ReferenceServicesProcess, startReferenceServicesProcess } from './reference-services';

export const CLIENT_ID = 'client-one';

export interface RouterStack {
  services: ApiServices;
  db: TestDynamo;
  reference: ReferenceServicesProcess;
  close(): Promise<void>;
}

/**
 * The services the orchestrator's composition root (apps/orchestrator/src/app.ts) builds, from the same
 * factories, over an embedded DynamoDB and the reference services: only the HTTP layer is missing.
 */
export async function startRouterStack(): Promise<RouterStack> {
  const [db, reference] = await Promise.all([startTestDynamo(), startReferenceServicesProcess()]);
  const clock = () => new Date();
  const repo = new OrchestratorRepository({
    doc: db.doc,
    tableName: db.tableName,
    clock,
    cursorSecret: 'router-test-cursor-secret',
    ttlDays: 1,
  });
  const clients = createClients({ urls: reference.urls });
  const extractor = createRuleBasedExtractor(await catalogVocabulary(reference.urls.catalog));
  const policy = { maxClarificationRounds: 2 };
  const requestDeadlineMs = 8_000;
  const services: ApiServices = {
    orchestration: createOrchestration({ repo, clients, extractor, policy, clock, requestDeadlineMs }),
    operatorAuth: createOperatorAuth({
      username: 'operator',
      password: 'router-test-password',
      secret: 'router-test-operator-secret',
      sessionTtlSeconds: 3600,
      secureCookie: false,
      clock,
    }),
    admin: createAdminService({
      repo,
      clients,
      extractor,
      policy,
      metrics: new MetricsStore({ doc: db.doc, tableName: db.tableName, clock }),
      clock,
      requestDeadlineMs,
    }),
    readiness: async (): Promise<Readiness> => ({ status: 'ready', checks: { dynamodb: { ok: true } } }),
    debug: false,
  };
  return {
    services,
    db,
    reference,
    async close() {
      await Promise.all([db.close(), reference.close()]);
    },
  };
}

/** What the HTTP adapter would build for one request from an authenticated API client. */
export function shopperContext(services: ApiServices, overrides: Partial<Context> = {}): Context {
  return createContextInner({
    services,
    requestId: randomUUID(),
    clientId: CLIENT_ID,
    operator: null,
    setCookie: () => undefined,
    setHeader: () => undefined,
    ...overrides,
  });
}

/** The composition root teaches the extractor the catalog's brands and product types; so do we. */
async function catalogVocabulary(catalogUrl: string) {
  const response = await fetch(new URL('/vocabulary', catalogUrl));
  if (!response.ok) throw new Error(`the catalog vocabulary answered ${response.status}`);
  return learnVocabulary(
    DEFAULT_VOCABULARY,
    (await response.json()) as { brands?: string[]; productTypes?: string[] },
  );
}
