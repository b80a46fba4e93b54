import { readFileSync } from 'node:fs';
import { contracts } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { post, useService } from './helpers';

// The request bodies the README's curl examples send.
const examples = [
  ['search-request.json', 'catalog', contracts.catalog.search],
  ['rank-request.json', 'composer', contracts.composer.rank],
  ['compose-request.json', 'composer', contracts.composer.compose],
] as const;

const services = { catalog: useService('catalog'), composer: useService('composer') };

describe('examples/', () => {
  it.each(examples)('%s is a valid request that the service answers', async (file, service, contract) => {
    const body: unknown = JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'));
    expect(contract.request.safeParse(body).success).toBe(true);
    const response = await post(`${services[service].url}${contract.path}`, body);
    expect(response.status).toBe(200);
    expect(contract.response.safeParse(response.body).success).toBe(true);
  });
});
