import {
  type FaultConfig,
  type FaultConfigInput,
  SERVICE_NAMES,
  type ServiceName,
} from '@talknshop/contracts';
import type { Logger } from 'pino';
import { catalogService } from './catalog/service';
import { composerService } from './composer/service';
import { parseFaultConfig, parseFaultConfigText } from './faults/fault-config';
import { type ServiceDefinition, startServiceServer } from './http/server';
import { mediaService } from './media/service';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ServiceOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Faults active from the start; when absent they come from `<SERVICE>_FAULTS` in `env`. */
  faults?: FaultConfigInput;
  /** Request and error logging; off by default. */
  logger?: false | Logger;
  /** Where `<SERVICE>_FAULTS` is read from; defaults to `process.env` (pass `{}` to ignore it). */
  env?: Environment;
}

export interface RunningService {
  name: ServiceName;
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ReferenceServicesOptions {
  ports?: Partial<Record<ServiceName, number>>;
  host?: string;
  faults?: Partial<Record<ServiceName, FaultConfigInput>>;
  logger?: false | Logger;
  env?: Environment;
}

export interface ReferenceServices {
  urls: Record<ServiceName, string>;
  services: Record<ServiceName, RunningService>;
  close(): Promise<void>;
}

const DEFINITIONS: Record<ServiceName, () => ServiceDefinition> = {
  media: () => mediaService(),
  catalog: () => catalogService(),
  composer: () => composerService(),
};

/** The environment variable holding a service's start-up faults: MEDIA_FAULTS, CATALOG_FAULTS, COMPOSER_FAULTS. */
export function faultsEnvVar(name: ServiceName): string {
  return `${name.toUpperCase()}_FAULTS`;
}

/** Starts one reference service; rejects (before listening) when its fault config is invalid. */
export async function startService(name: ServiceName, options: ServiceOptions = {}): Promise<RunningService> {
  const definition = DEFINITIONS[name]();
  const endpoints = definition.routes.map((route) => route.template);
  const faults = initialFaults(name, endpoints, options);
  const server = await startServiceServer(definition, {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    faults,
    logger: options.logger ?? false,
  });
  return { name, ...server };
}

/** Starts media, catalog and composer; if any fails to start, the others are closed again. */
export async function startReferenceServices(
  options: ReferenceServicesOptions = {},
): Promise<ReferenceServices> {
  const started = await Promise.allSettled(
    SERVICE_NAMES.map((name) =>
      startService(name, {
        port: options.ports?.[name] ?? 0,
        host: options.host,
        faults: options.faults?.[name],
        logger: options.logger,
        env: options.env,
      }),
    ),
  );
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    await Promise.all(running.map((service) => service.close()));
    throw failure.reason;
  }
  const services = Object.fromEntries(running.map((service) => [service.name, service])) as Record<
    ServiceName,
    RunningService
  >;
  return {
    urls: Object.fromEntries(running.map((service) => [service.name, service.url])) as Record<
      ServiceName,
      string
    >,
    services,
    close: async () => {
      await Promise.all(running.map((service) => service.close()));
    },
  };
}

function initialFaults(name: ServiceName, endpoints: string[], options: ServiceOptions): FaultConfig {
  if (options.faults !== undefined) {
    const result = parseFaultConfig(options.faults, endpoints);
    if (!result.ok) throw new Error(`invalid faults for the ${name} service: ${result.error.message}`);
    return result.config;
  }
  const variable = faultsEnvVar(name);
  const text = (options.env ?? process.env)[variable]?.trim();
  return parseFaultConfigText(text === undefined || text === '' ? '{}' : text, variable, endpoints);
}
