import { readFileSync } from 'node:fs';
import { scrape } from './prom-metrics';

export interface MemoryResult {
  /** VmRSS when sampling began (the process idle after start-up). */
  startRssMb: number;
  /** VmHWM: the kernel's high-water mark of the process's resident set over its whole life. */
  peakRssMb: number;
  /** The highest VmRSS seen by sampling, and in which phase of the bench. */
  sampledPeakRssMb: number;
  sampledPeakPhase: string;
  samples: number;
  target: { peakRssMb: number };
}

export interface MemorySampler {
  /** Names the phase the following samples belong to. */
  phase(name: string): void;
  /** Stops sampling; later calls return the same result. */
  stop(): MemoryResult;
}

const MB = 1024 * 1024;

/** Samples /proc/<pid>/status every `intervalMs` while the bench runs; VmHWM is read at the end. */
export function sampleMemory(pid: number, intervalMs = 250): MemorySampler {
  let phase = 'start-up';
  let peak = { bytes: 0, phase };
  let samples = 0;
  let startBytes: number | null = null;
  let result: MemoryResult | null = null;
  const sample = () => {
    const rss = statusField(pid, 'VmRSS');
    if (rss === null) return;
    samples += 1;
    startBytes ??= rss;
    if (rss > peak.bytes) peak = { bytes: rss, phase };
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return {
    phase(name) {
      phase = name;
    },
    stop() {
      if (result) return result;
      sample();
      clearInterval(timer);
      const hwm = statusField(pid, 'VmHWM') ?? peak.bytes;
      result = {
        startRssMb: (startBytes ?? 0) / MB,
        peakRssMb: hwm / MB,
        sampledPeakRssMb: peak.bytes / MB,
        sampledPeakPhase: peak.phase,
        samples,
        target: { peakRssMb: 250 },
      };
      return result;
    },
  };
}

/** A `kB` field of /proc/<pid>/status in bytes; null when the process is gone. */
function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The V8 heap and external memory the orchestrator reports about itself (prom-client's process metrics). */
export interface HeapFigures {
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
}

export async function heapFigures(orchestratorUrl: string): Promise<HeapFigures> {
  const samples = await scrape(orchestratorUrl);
  const mb = (name: string) =>
    samples.filter((sample) => sample.name === name).reduce((sum, sample) => sum + sample.value, 0) / MB;
  return {
    rssMb: mb('talknshop_process_resident_memory_bytes'),
    heapTotalMb: mb('talknshop_nodejs_heap_size_total_bytes'),
    heapUsedMb: mb('talknshop_nodejs_heap_size_used_bytes'),
    externalMb: mb('talknshop_nodejs_external_memory_bytes'),
  };
}
