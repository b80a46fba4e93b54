import { execFileSync } from 'node:child_process';

/** The commit measured, and whether the work tree differed from it: figures belong to a revision. */
export function describeRevision(repoRoot: string): string {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain') === '' ? commit : `${commit} + uncommitted changes`;
  } catch {
    return 'unknown (not a git work tree)';
  }
}
