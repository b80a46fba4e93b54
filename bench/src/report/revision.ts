import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';

/**
 * The commit measured, and a fingerprint of uncommitted changes to tracked files: figures belong to a
 * revision. Read-only git commands; 'unknown' outside a work tree.
 */
export function describeRevision(repoRoot: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  try {
    const commit = git('rev-parse', '--short', 'HEAD').trim();
    // The bench's own output is not what it measures.
    const diff = git('diff', 'HEAD', '--', '.', ':(exclude)bench/results');
    if (diff === '') return commit;
    return `${commit} + uncommitted changes (diff ${createHash('sha256').update(diff).digest('hex').slice(0, 8)})`;
  } catch {
    return 'unknown (not a git work tree)';
  }
}

/** The revision a run measured: the one its processes loaded, unless the tree changed under it. */
export function runRevision(atStart: string, atEnd: string): string {
  return atStart === atEnd ? atStart : `${atStart}, changed during the run to ${atEnd}: figures may mix both`;
}
