import { describe, expect, it } from 'vitest';
import { type CpuProfile, ownerOf, summarizeProfile } from '../src/profile/cpu-profile';

const ROOT = '/repo/';

function frame(id: number, functionName: string, url: string) {
  return { id, callFrame: { functionName, url, lineNumber: 9, columnNumber: 0 } };
}

/** Four nodes; samples every 1000 µs from t=0: idle, zod twice, the repository once, GC once. */
const PROFILE: CpuProfile = {
  nodes: [
    frame(1, '(idle)', ''),
    frame(2, 'parse', 'file:///repo/node_modules/.pnpm/zod@4/node_modules/zod/v4/core/schemas.js'),
    frame(3, 'validate', 'file:///repo/packages/db/src/repository.ts'),
    frame(4, '(garbage collector)', ''),
  ],
  startTime: 0,
  endTime: 5000,
  samples: [1, 2, 2, 3, 4],
  timeDeltas: [1000, 1000, 1000, 1000, 1000],
};

describe('summarizeProfile', () => {
  it('adds self time per function and owner, leaving idle time out of the shares', () => {
    const summary = summarizeProfile(PROFILE, { repoRoot: ROOT });
    expect(summary.idleMs).toBe(1);
    expect(summary.busyMs).toBe(4);
    expect(summary.functions[0]).toMatchObject({
      functionName: 'parse',
      owner: 'zod',
      selfMs: 2,
      selfPercent: 50,
    });
    expect(summary.owners.map((owner) => owner.owner)).toEqual([
      'zod',
      'workspace packages/db',
      'V8 (garbage collector)',
    ]);
  });

  it('counts only samples inside the window', () => {
    const summary = summarizeProfile(PROFILE, { repoRoot: ROOT, fromMicros: 3500, toMicros: 4500 });
    expect(summary.busyMs).toBe(1);
    expect(summary.functions.map((fn) => fn.functionName)).toEqual(['validate']);
  });
});

describe('ownerOf', () => {
  it('names npm packages (scoped or not), workspace packages, Node and V8', () => {
    const url = (path: string) => `file:///repo/${path}`;
    expect(ownerOf(url('node_modules/.pnpm/x/node_modules/@smithy/core/dist/index.js'), 'read', ROOT)).toBe(
      '@smithy/core',
    );
    expect(ownerOf(url('node_modules/pino/pino.js'), 'write', ROOT)).toBe('pino');
    expect(ownerOf(url('apps/orchestrator/src/app.ts'), 'start', ROOT)).toBe('workspace apps/orchestrator');
    expect(ownerOf('node:internal/streams/writable', 'write', ROOT)).toBe('Node.js internals');
    expect(ownerOf('', '(program)', ROOT)).toBe('V8 (program)');
    expect(ownerOf('', 'writev', ROOT)).toBe('V8 (native)');
  });
});
