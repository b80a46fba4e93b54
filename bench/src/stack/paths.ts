import { fileURLToPath } from 'node:url';

/** Where the programs the bench starts live, relative to this package inside the workspace. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ORCHESTRATOR_DIR = `${REPO_ROOT}apps/orchestrator`;
export const REFERENCE_DIR = `${REPO_ROOT}services/reference`;
