import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The monorepo root: the images, the compose file and the orchestrator's sources live there. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export function repoPath(relative: string): string {
  return `${REPO_ROOT}${relative}`;
}

export function readRepoFile(relative: string): string {
  return readFileSync(repoPath(relative), 'utf8');
}

export function repoFileExists(relative: string): boolean {
  return existsSync(repoPath(relative));
}
