import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';

export interface ChildOptions {
  name: string;
  /** The entry point, run with `node` from `cwd`: through `--import tsx` when it is TypeScript. */
  script: string;
  args?: string[];
  cwd: string;
  env: Record<string, string>;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** stdout and stderr go here, so a chatty child never blocks on a full pipe. */
  logFile: string;
}

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  hasExited(): boolean;
  /** SIGTERM, then wait for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// A bench that dies half-way must not leave servers behind.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startChild(options: ChildOptions): Child {
  const log = openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      ...(options.script.endsWith('.ts') ? ['--import', 'tsx'] : []),
      options.script,
      ...(options.args ?? []),
    ],
    { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', log, log] },
  );
  if (child.pid === undefined) throw new Error(`could not start ${options.name}`);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  return {
    name: options.name,
    pid: child.pid,
    logFile: options.logFile,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 2xx; a child that exits first or never answers fails the bench. */
export async function waitUntilHealthy(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (child.hasExited()) throw new Error(`${child.name} exited during start-up; see ${child.logFile}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `${child.name} did not become healthy at ${url} within ${timeoutMs} ms; see ${child.logFile}`,
  );
}
