import { pathToFileURL } from 'node:url';
import { validate } from 'dockerfile-utils';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CONSOLE_HEALTH_PATH,
  CONSOLE_PORT,
  ORCHESTRATOR_HEALTH_PATH,
  ORCHESTRATOR_PORT,
} from '../src/orchestrator-stack';
import { execForm, type Instruction, parseStages, type Stage } from './dockerfile';
import { dockerignore } from './dockerignore';
import { closedPort, runHealthCheck, startServer, type TestServer } from './health-probe';
import { readRepoFile, repoFileExists, repoPath } from './repository';

interface ImageSpec {
  dockerfile: string;
  workspacePackage: string;
  healthPath: string;
  /** The variables the server reads its ports from, with the ports the image serves on. */
  ports: Record<string, number>;
}

const IMAGES: ImageSpec[] = [
  {
    dockerfile: 'apps/orchestrator/Dockerfile',
    workspacePackage: '@talknshop/orchestrator',
    healthPath: ORCHESTRATOR_HEALTH_PATH,
    ports: { PORT: ORCHESTRATOR_PORT },
  },
  {
    dockerfile: 'apps/console/Dockerfile',
    workspacePackage: '@talknshop/console',
    healthPath: CONSOLE_HEALTH_PATH,
    ports: { PORT: CONSOLE_PORT },
  },
  {
    dockerfile: 'services/reference/Dockerfile',
    workspacePackage: '@talknshop/reference-services',
    healthPath: '/health',
    ports: { MEDIA_PORT: 8001, CATALOG_PORT: 8002, COMPOSER_PORT: 8003 },
  },
];

const PINNED_IMAGE = /^[a-z0-9./-]+(?::\d+\.\d+\.\d+(?:-[a-z0-9.-]+)?|@sha256:[a-f0-9]{64})$/;

const finalStage = (stages: Stage[]): Stage => stages.at(-1)!;
const all = (stage: Stage, keyword: string): Instruction[] =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword);
const healthCheckCommand = (stage: Stage): string[] => {
  const [healthCheck] = all(stage, 'HEALTHCHECK');
  const exec = /(?:^|\s)CMD\s+(\[.*\])$/s.exec(healthCheck?.args ?? '')?.[1];
  const command = exec ? execForm(exec) : null;
  if (!command) throw new Error('HEALTHCHECK must use the exec form: HEALTHCHECK [options] CMD ["…"]');
  return command;
};
const envValues = (stage: Stage): Record<string, string> =>
  Object.fromEntries(
    all(stage, 'ENV').flatMap((instruction) =>
      instruction.args.split(/\s+/).map((pair) => pair.split('=', 2) as [string, string]),
    ),
  );

describe.each(IMAGES)('$dockerfile', (image) => {
  const text = readRepoFile(image.dockerfile);
  const stages = parseStages(text);
  const runtime = finalStage(stages);
  const servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('passes the Dockerfile linter', () => {
    expect(validate(text)).toEqual([]);
  });

  it('is multi-stage on pinned base images', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.image).toMatch(PINNED_IMAGE);
  });

  it('runs as a non-root user in the final stage', () => {
    const users = all(runtime, 'USER').map((instruction) => instruction.args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
  });

  it('ships only build output: no sources, no package manager in the final stage', () => {
    const builders = stages.slice(0, -1).map((stage) => stage.name);
    const copies = [...all(runtime, 'COPY'), ...all(runtime, 'ADD')];
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      expect(builders).toContain(from);
    }
    for (const run of all(runtime, 'RUN')) expect(run.args).not.toMatch(/\b(npm|pnpm|yarn|npx)\b/);
    const [command] = all(runtime, 'CMD');
    expect(execForm(command?.args ?? '')?.[0]).toBe('node');
  });

  it('installs with the pinned pnpm, from the lockfile, only what the image needs', () => {
    const packageManager = JSON.parse(readRepoFile('package.json')).packageManager as string;
    const build = stages.slice(0, -1).flatMap((stage) => all(stage, 'RUN').map((run) => run.args));
    expect(build.join('\n')).toContain(`npm install --global ${packageManager}`);
    expect(build.some((args) => args.includes('pnpm install --frozen-lockfile'))).toBe(true);
    expect(build.join('\n')).toContain(`--filter '${image.workspacePackage}...'`);
  });

  it('exposes the ports the server listens on, and health-checks them with node (no curl in slim images)', () => {
    const exposed = all(runtime, 'EXPOSE').flatMap((instruction) =>
      instruction.args.split(/\s+/).map(Number),
    );
    expect(exposed.sort()).toEqual(Object.values(image.ports).sort());
    const env = envValues(runtime);
    for (const [variable, port] of Object.entries(image.ports)) expect(env[variable]).toBe(String(port));
    expect(all(runtime, 'HEALTHCHECK')).toHaveLength(1);
    const command = healthCheckCommand(runtime);
    expect(command[0]).toBe('node');
    expect(command.join(' ')).toContain(`'${image.healthPath}'`);
  });

  it('health check passes against a live server and fails against an unhealthy or absent one', async () => {
    const command = healthCheckCommand(runtime);
    const serve = (status: number) =>
      startServer((req, res) => {
        res.statusCode = req.url === image.healthPath ? status : 404;
        res.end();
      });
    const portsOf = async (status: number) => {
      const env: Record<string, string> = {};
      for (const variable of Object.keys(image.ports)) {
        const server = await serve(status);
        servers.push(server);
        env[variable] = String(server.port);
      }
      return env;
    };
    expect(await runHealthCheck(command, await portsOf(200))).toBe(0);
    expect(await runHealthCheck(command, await portsOf(503))).not.toBe(0);
    const nothing = String(await closedPort());
    const absent = Object.fromEntries(Object.keys(image.ports).map((variable) => [variable, nothing]));
    expect(await runHealthCheck(command, absent)).not.toBe(0);
  });
});

describe('the images together', () => {
  it('share one base image', () => {
    const bases = new Set(
      IMAGES.flatMap((image) => parseStages(readRepoFile(image.dockerfile)).map((s) => s.image)),
    );
    expect(bases.size).toBe(1);
  });

  it('console health path is a route handler of the console', () => {
    expect(repoFileExists(`apps/console/app${CONSOLE_HEALTH_PATH}/route.ts`)).toBe(true);
  });

  it('console health check does not accept the redirect to /login its proxy gives guarded paths', async () => {
    const console = IMAGES.find((image) => image.dockerfile.startsWith('apps/console'))!;
    const command = healthCheckCommand(finalStage(parseStages(readRepoFile(console.dockerfile))));
    const server = await startServer((_req, res) => {
      res.writeHead(307, { location: `/login?next=${CONSOLE_HEALTH_PATH}` });
      res.end();
    });
    try {
      expect(await runHealthCheck(command, { PORT: String(server.port) })).not.toBe(0);
    } finally {
      await server.close();
    }
  });
});

describe('.dockerignore', () => {
  const ignored = dockerignore(readRepoFile('.dockerignore'));

  it('keeps installed packages, build output, local data, secrets and VCS state out of the build context', () => {
    for (const path of [
      'node_modules/zod/package.json',
      'apps/console/node_modules/next/package.json',
      'apps/console/.next/BUILD_ID',
      'apps/orchestrator/test/rest-api.test.ts',
      'infrastructure/cdk/cdk.out/manifest.json',
      '.data/dynamodb/leveldb/CURRENT',
      '.env',
      'apps/orchestrator/.env.local',
      '.git/HEAD',
    ]) {
      expect(ignored(path), path).toBe(true);
    }
  });

  it('keeps everything the images build from', () => {
    const needed = [
      'package.json',
      'pnpm-lock.yaml',
      'pnpm-workspace.yaml',
      'tsconfig.base.json',
      '.env.example',
      'apps/orchestrator/src/main.ts',
      'apps/console/next.config.ts',
      'apps/console/app/layout.tsx',
      'services/reference/src/main.ts',
      'services/reference/fixtures/catalog/catalog.json',
      'packages/db/src/index.ts',
      'deploy/console/standalone-adapter.mjs',
    ];
    for (const path of needed) {
      expect(repoFileExists(path), path).toBe(true);
      expect(ignored(path), path).toBe(false);
    }
  });
});

describe('the console build adapter', () => {
  it('is where the console Dockerfile points NEXT_ADAPTER_PATH, and only switches on standalone output', async () => {
    const build = parseStages(readRepoFile('apps/console/Dockerfile'))[0]!;
    const adapterPath = envValues(build).NEXT_ADAPTER_PATH;
    expect(adapterPath).toBe('/repo/deploy/console/standalone-adapter.mjs');
    const adapterUrl = pathToFileURL(repoPath(adapterPath!.replace('/repo/', ''))).href;
    const adapter = (await import(adapterUrl)).default as {
      modifyConfig: (config: Record<string, unknown>) => Record<string, unknown>;
    };
    expect(adapter.modifyConfig({ reactStrictMode: true, distDir: '.next' })).toEqual({
      reactStrictMode: true,
      distDir: '.next',
      output: 'standalone',
    });
  });
});
