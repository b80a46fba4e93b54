// `tsx src/main.ts <all|media|catalog|composer>`: runs reference services on their default ports
// (MEDIA_PORT, CATALOG_PORT, COMPOSER_PORT override them) until SIGTERM or SIGINT.
import { DEFAULT_SERVICE_PORTS, SERVICE_NAMES, type ServiceName } from '@talknshop/contracts';
import pino from 'pino';
import { type RunningService, startService } from './services';

const logger = pino({ name: 'reference-services', level: process.env.LOG_LEVEL ?? 'info' });

async function main(argument: string | undefined): Promise<void> {
  const names = selectServices(argument ?? 'all');
  const host = process.env.REFERENCE_SERVICES_HOST ?? '127.0.0.1';
  const ports = names.map((name) => portFor(name));
  const services: RunningService[] = [];
  try {
    for (const [index, name] of names.entries()) {
      services.push(await startService(name, { port: ports[index], host, logger }));
    }
  } catch (error) {
    await Promise.all(services.map((service) => service.close()));
    throw error;
  }
  for (const service of services) logger.info({ service: service.name, url: service.url }, 'listening');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await Promise.all(services.map((service) => service.close()));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

function selectServices(argument: string): ServiceName[] {
  if (argument === 'all') return [...SERVICE_NAMES];
  if ((SERVICE_NAMES as string[]).includes(argument)) return [argument as ServiceName];
  throw new Error(`unknown service "${argument}"; usage: main.ts <all|${SERVICE_NAMES.join('|')}>`);
}

function portFor(name: ServiceName): number {
  const variable = `${name.toUpperCase()}_PORT`;
  const text = process.env[variable];
  if (text === undefined || text === '') return DEFAULT_SERVICE_PORTS[name];
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`${variable} must be a port number`);
  return port;
}

main(process.argv[2]).catch((error: unknown) => {
  logger.fatal({ err: error }, `reference services failed to start: ${(error as Error).message}`);
  process.exitCode = 1;
});
