import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { get, post } from './helpers';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

function launch(args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Reads the JSON log lines until every named service has logged where it listens. */
async function listeningUrls(child: ChildProcess, count: number): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const entry = JSON.parse(line) as { msg: string; service?: string; url?: string };
    if (entry.msg === 'listening' && entry.service && entry.url) urls[entry.service] = entry.url;
    if (Object.keys(urls).length === count) return urls;
  }
  throw new Error('the process ended before all services listened');
}

describe('src/main.ts', () => {
  it('starts the services with faults from the environment and stops on SIGTERM', async () => {
    const child = launch(['all'], {
      MEDIA_PORT: '0',
      CATALOG_PORT: '0',
      COMPOSER_PORT: '0',
      CATALOG_FAULTS: JSON.stringify({ rules: [{ endpoint: '/search', error_rate: 1, error_status: 500 }] }),
    });
    try {
      const urls = await listeningUrls(child, 3);
      expect(Object.keys(urls).sort()).toEqual(['catalog', 'composer', 'media']);
      expect((await post(`${urls.catalog}/search`, { query: 'shoes' })).status).toBe(500);
      expect((await get(`${urls.catalog}/products/p-000001`)).status).toBe(200);
      expect((await get(`${urls.media}/health`)).status).toBe(200);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      expect((await exited)[0]).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses to start with an invalid fault config and says why', async () => {
    const child = launch(['composer'], {
      COMPOSER_PORT: '0',
      COMPOSER_FAULTS: '{"rules":[{"endpoint":"/rank","hang":"yes"}]}',
    });
    let output = '';
    child.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(output).toContain('COMPOSER_FAULTS is not a valid fault config: rules.0.hang');
  });
});
