import { relative } from 'node:path';

/** The parts of V8's .cpuprofile JSON (what `node --cpu-prof` writes) that self time needs. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

export interface Hotspot {
  functionName: string;
  /** Package-relative file and 1-based line. */
  location: string;
  owner: string;
  selfMs: number;
  /** Share of the busy (non-idle) time in the window. */
  selfPercent: number;
}

export interface OwnerShare {
  owner: string;
  selfMs: number;
  selfPercent: number;
}

export interface ProfileSummary {
  windowMs: number;
  busyMs: number;
  idleMs: number;
  functions: Hotspot[];
  owners: OwnerShare[];
}

const IDLE = '(idle)';

/**
 * Self time per function and per owner (npm package, workspace package, Node internals, GC), counting only
 * samples taken within [fromMicros, toMicros] (V8's monotonic clock, the same as process.hrtime on Linux).
 */
export function summarizeProfile(
  profile: CpuProfile,
  options: { repoRoot: string; fromMicros?: number; toMicros?: number; top?: number },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfById = new Map<number, number>();
  let at = profile.startTime;
  let first: number | null = null;
  for (const [index, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[index] ?? 0;
    at += delta;
    if (options.fromMicros !== undefined && at < options.fromMicros) continue;
    if (options.toMicros !== undefined && at > options.toMicros) break;
    first ??= at;
    selfById.set(id, (selfById.get(id) ?? 0) + delta);
  }
  const functions = new Map<string, Omit<Hotspot, 'selfPercent'>>();
  const owners = new Map<string, number>();
  let idle = 0;
  let busy = 0;
  for (const [id, micros] of selfById) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === IDLE) {
      idle += micros;
      continue;
    }
    busy += micros;
    const owner = ownerOf(frame.url, frame.functionName, options.repoRoot);
    const location = locationOf(frame.url, frame.lineNumber, options.repoRoot);
    const name = frame.functionName || '(anonymous)';
    const key = `${name} ${location}`;
    const entry = functions.get(key) ?? { functionName: name, location, owner, selfMs: 0 };
    entry.selfMs += micros / 1000;
    functions.set(key, entry);
    owners.set(owner, (owners.get(owner) ?? 0) + micros / 1000);
  }
  const busyMs = busy / 1000;
  const share = (ms: number) => (busyMs > 0 ? (ms / busyMs) * 100 : 0);
  return {
    windowMs: first === null ? 0 : (at - first) / 1000,
    busyMs,
    idleMs: idle / 1000,
    functions: [...functions.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, options.top ?? 30)
      .map((entry) => ({ ...entry, selfPercent: share(entry.selfMs) })),
    owners: [...owners.entries()]
      .map(([owner, selfMs]) => ({ owner, selfMs, selfPercent: share(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs),
  };
}

/** Who a frame belongs to: an npm package, a workspace package, Node itself, or V8 (GC, program). */
export function ownerOf(url: string, functionName: string, repoRoot: string): string {
  if (url === '') return functionName.startsWith('(') ? `V8 ${functionName}` : 'V8 (native)';
  if (url.startsWith('node:')) return 'Node.js internals';
  if (!url.startsWith('file://')) return `other (${url.split(':')[0]})`;
  const path = url.slice('file://'.length);
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [scope, name] = path.slice(modules + '/node_modules/'.length).split('/');
    return scope?.startsWith('@') ? `${scope}/${name}` : (scope ?? 'unknown');
  }
  const inRepo = relative(repoRoot, path);
  if (inRepo.startsWith('..')) return 'other';
  const [group, name] = inRepo.split('/');
  return `workspace ${group}/${name}`;
}

function locationOf(url: string, lineNumber: number, repoRoot: string): string {
  if (!url.startsWith('file://')) return url;
  const path = url.slice('file://'.length);
  const modules = path.lastIndexOf('/node_modules/');
  // Workspace sources run through tsx: V8 sees the transformed file, whose line numbers mean nothing here.
  if (modules < 0) return relative(repoRoot, path);
  return `${path.slice(modules + '/node_modules/'.length)}:${lineNumber + 1}`;
}
