import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ReferenceServicesProcess {
  urls: { media: string; catalog: string; composer: string };
  close(): Promise<void>;
}

/** The reference services' own package: they run with their own dependencies, as `npm start` runs them. */
const REFERENCE_DIR = fileURLToPath(new URL('../../../../services/reference/', import.meta.url));
const SERVICE_NAMES = ['media', 'catalog', 'composer'] as const;

/**
 * The three reference services as one separate process (`node --import tsx src/main.ts all`) on ephemeral
 * ports, read back from their `listening` log lines. A process rather than an import: this package does
 * not depend on the reference services, and the router then talks to them over real sockets only.
 */
export async function startReferenceServicesProcess(): Promise<ReferenceServicesProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'all'], {
    cwd: REFERENCE_DIR,
    // A minimal environment keeps any *_FAULTS variable of the shell out of the tests.
    env: {
      NODE_ENV: 'test',
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      MEDIA_PORT: '0',
      CATALOG_PORT: '0',
      COMPOSER_PORT: '0',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<ReferenceServicesProcess['urls']>((resolve) => {
    const urls: Partial<Record<(typeof SERVICE_NAMES)[number], string>> = {};
    lines.on('line', (line) => {
      const entry = parseLine(line);
      const name = SERVICE_NAMES.find((service) => service === entry?.service);
      if (entry?.msg !== 'listening' || !name) return;
      urls[name] = String(entry.url);
      if (SERVICE_NAMES.every((service) => urls[service])) resolve(urls as ReferenceServicesProcess['urls']);
    });
  });
  try {
    const urls = await Promise.race([
      listening,
      exited.then(() => {
        throw new Error(`the reference services exited before listening: ${stderr}`);
      }),
    ]);
    // Every request is logged: keep the pipe drained without holding the lines.
    lines.close();
    child.stdout?.resume();
    return { urls, close: () => stop(child, exited) };
  } catch (error) {
    await stop(child, exited);
    throw error;
  }
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function stop(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}
