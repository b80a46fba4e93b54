import {
  type DownstreamUrls,
  ENVIRONMENT_NAMES,
  type EnvironmentConfig,
  environmentConfig,
  isEnvironmentName,
} from './environments';

/** An image in an ECR repository of the account and region the stack is deployed to. */
export interface ImageRef {
  repositoryName: string;
  tag: string;
}

/** Everything a deployment is parameterised by, read once from the CDK context (`-c key=value`). */
export interface DeploySettings {
  environment: EnvironmentConfig;
  images: { orchestrator: ImageRef; console: ImageRef };
  /** An ACM certificate for HTTPS listeners; plain HTTP on port 80 when null (never in production). */
  certificateArn: string | null;
  /** Subscribed to the alarm topic when set. */
  alarmEmail: string | null;
  /** The console's public origin (CORS), when it is served under a domain name; else its ALB address. */
  consoleOrigin: string | null;
}

export class DeploySettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid CDK context:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'DeploySettingsError';
  }
}

/** Docker's tag grammar. */
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

/**
 * Parses the context, naming every bad or missing key at once. `read` is `app.node.tryGetContext`.
 * Required: `env` and `imageTag` (or both per-image tags), and `certificateArn` where the environment
 * requires HTTPS (production). Optional: `orchestratorImageTag`, `consoleImageTag`, `orchestratorRepository`,
 * `consoleRepository`, `mediaServiceUrl`, `catalogServiceUrl`, `responseComposerUrl`, `certificateArn`,
 * `alarmEmail`, `consoleOrigin`.
 */
export function readDeploySettings(read: (key: string) => unknown): DeploySettings {
  const problems: string[] = [];
  const text = (key: string): string | null => {
    const value = read(key);
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string') {
      problems.push(`${key}: expected a string`);
      return null;
    }
    return value;
  };

  const envName = text('env');
  if (!isEnvironmentName(envName)) {
    problems.push(`env: pass -c env=${ENVIRONMENT_NAMES.join('|')} (got ${JSON.stringify(envName)})`);
  }
  const sharedTag = text('imageTag');
  const image = (service: 'orchestrator' | 'console'): ImageRef => {
    const tag = text(`${service}ImageTag`) ?? sharedTag;
    if (tag === null)
      problems.push(`${service}ImageTag: pass -c imageTag=<tag> (or -c ${service}ImageTag=<tag>)`);
    else if (!IMAGE_TAG.test(tag)) problems.push(`${service}ImageTag: "${tag}" is not a valid image tag`);
    const repositoryName = text(`${service}Repository`) ?? `talknshop/${service}`;
    if (!REPOSITORY_NAME.test(repositoryName)) {
      problems.push(`${service}Repository: "${repositoryName}" is not a valid ECR repository name`);
    }
    return { repositoryName, tag: tag ?? '' };
  };
  const images = { orchestrator: image('orchestrator'), console: image('console') };

  const url = (key: string, fallback: string | undefined): string => {
    const value = text(key) ?? fallback ?? '';
    if (value && !isHttpUrl(value)) problems.push(`${key}: "${value}" is not an http(s) URL`);
    return value;
  };
  const defaults = isEnvironmentName(envName) ? environmentConfig(envName) : null;
  const downstream: DownstreamUrls = {
    media: url('mediaServiceUrl', defaults?.downstream.media),
    catalog: url('catalogServiceUrl', defaults?.downstream.catalog),
    composer: url('responseComposerUrl', defaults?.downstream.composer),
  };

  const certificateArn = text('certificateArn');
  if (certificateArn !== null && !/^arn:aws[a-z-]*:acm:/.test(certificateArn)) {
    problems.push(`certificateArn: "${certificateArn}" is not an ACM certificate ARN`);
  }
  if (certificateArn === null && defaults?.httpsRequired) {
    problems.push(
      `certificateArn: ${defaults.name} serves HTTPS only, pass -c certificateArn=<ACM certificate ARN>`,
    );
  }
  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== null && !/^[^@\s]+@[^@\s]+$/.test(alarmEmail)) {
    problems.push(`alarmEmail: "${alarmEmail}" is not an e-mail address`);
  }
  const consoleOrigin = text('consoleOrigin');
  if (consoleOrigin !== null && !isHttpUrl(consoleOrigin)) {
    problems.push(`consoleOrigin: "${consoleOrigin}" is not an http(s) URL`);
  }

  if (problems.length > 0 || defaults === null) throw new DeploySettingsError(problems);
  return {
    environment: { ...defaults, downstream },
    images,
    certificateArn,
    alarmEmail,
    consoleOrigin,
  };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
