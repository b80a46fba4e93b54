import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/stack/paths';
import { DEPLOYED_NODE_OPTIONS } from '../src/stack/stack';

describe('the orchestrator the bench measures', () => {
  it('runs with the Node options its image sets', async () => {
    const dockerfile = await readFile(`${REPO_ROOT}apps/orchestrator/Dockerfile`, 'utf8');
    expect(dockerfile).toContain(`NODE_OPTIONS="${DEPLOYED_NODE_OPTIONS}"`);
  });
});
