import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

export const ENVIRONMENT_NAMES = ['development', 'staging', 'production'] as const;
export type EnvironmentName = (typeof ENVIRONMENT_NAMES)[number];

/** One ECS service's size: Fargate task size and how many tasks run. */
export interface ServiceSize {
  /** Fargate CPU units (256 = 0.25 vCPU). */
  cpu: number;
  memoryMiB: number;
  /** Tasks started by a deployment; auto-scaling moves the count between min and max afterwards. */
  desiredCount: number;
  minCapacity: number;
  maxCapacity: number;
}

/** Target tracking: a service adds tasks above either target and removes them when both are below. */
export interface ScalingTargets {
  cpuUtilizationPercent: number;
  /** ALB requests per task per minute (ALBRequestCountPerTarget). */
  requestsPerTargetPerMinute: number;
  scaleOutCooldown: Duration;
  scaleInCooldown: Duration;
}

export interface AlarmThresholds {
  /** Share of ALB requests answered 5xx (by the targets or the load balancer), in percent. */
  serverErrorRatePercent: number;
  /** ALB TargetResponseTime p99, in seconds. */
  p99LatencySeconds: number;
  /** Throttled DynamoDB requests per minute. */
  dynamoThrottledRequests: number;
}

/** The downstream services the orchestrator calls; they are deployed elsewhere. */
export interface DownstreamUrls {
  media: string;
  catalog: string;
  composer: string;
}

export interface EnvironmentConfig {
  name: EnvironmentName;
  orchestrator: ServiceSize;
  console: ServiceSize;
  scaling: ScalingTargets;
  alarms: AlarmThresholds;
  downstream: DownstreamUrls;
  /** Applies to the table, the generated secrets and the log groups. */
  removalPolicy: RemovalPolicy;
  logRetention: RetentionDays;
  logLevel: 'debug' | 'info' | 'warn';
  natGateways: number;
  containerInsights: boolean;
  /** The load balancers must serve HTTPS: synthesis fails without `-c certificateArn=…`. */
  httpsRequired: boolean;
}

const downstreamFor = (name: EnvironmentName): DownstreamUrls => ({
  media: `http://media.${name}.talknshop.internal:8001`,
  catalog: `http://catalog.${name}.talknshop.internal:8002`,
  composer: `http://composer.${name}.talknshop.internal:8003`,
});

const ENVIRONMENTS: Record<EnvironmentName, EnvironmentConfig> = {
  development: {
    name: 'development',
    orchestrator: { cpu: 256, memoryMiB: 512, desiredCount: 1, minCapacity: 1, maxCapacity: 2 },
    console: { cpu: 256, memoryMiB: 512, desiredCount: 1, minCapacity: 1, maxCapacity: 1 },
    scaling: {
      cpuUtilizationPercent: 70,
      requestsPerTargetPerMinute: 1000,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    },
    alarms: { serverErrorRatePercent: 10, p99LatencySeconds: 5, dynamoThrottledRequests: 10 },
    downstream: downstreamFor('development'),
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_WEEK,
    logLevel: 'debug',
    natGateways: 1,
    containerInsights: false,
    httpsRequired: false,
  },
  staging: {
    name: 'staging',
    orchestrator: { cpu: 512, memoryMiB: 1024, desiredCount: 2, minCapacity: 2, maxCapacity: 4 },
    console: { cpu: 256, memoryMiB: 512, desiredCount: 1, minCapacity: 1, maxCapacity: 2 },
    scaling: {
      cpuUtilizationPercent: 60,
      requestsPerTargetPerMinute: 800,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    },
    alarms: { serverErrorRatePercent: 5, p99LatencySeconds: 3, dynamoThrottledRequests: 5 },
    downstream: downstreamFor('staging'),
    removalPolicy: RemovalPolicy.DESTROY,
    logRetention: RetentionDays.ONE_MONTH,
    logLevel: 'info',
    natGateways: 1,
    containerInsights: true,
    httpsRequired: false,
  },
  production: {
    name: 'production',
    orchestrator: { cpu: 1024, memoryMiB: 2048, desiredCount: 3, minCapacity: 3, maxCapacity: 12 },
    console: { cpu: 512, memoryMiB: 1024, desiredCount: 2, minCapacity: 2, maxCapacity: 4 },
    scaling: {
      cpuUtilizationPercent: 60,
      requestsPerTargetPerMinute: 600,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.seconds(300),
    },
    alarms: { serverErrorRatePercent: 2, p99LatencySeconds: 2, dynamoThrottledRequests: 1 },
    downstream: downstreamFor('production'),
    removalPolicy: RemovalPolicy.RETAIN,
    logRetention: RetentionDays.THREE_MONTHS,
    logLevel: 'info',
    // One per availability zone, so losing a zone does not cut the other's egress.
    natGateways: 2,
    containerInsights: true,
    // Operator passwords, session cookies and API keys never cross the internet in clear text.
    httpsRequired: true,
  },
};

export function isEnvironmentName(value: unknown): value is EnvironmentName {
  return typeof value === 'string' && (ENVIRONMENT_NAMES as readonly string[]).includes(value);
}

export function environmentConfig(name: EnvironmentName): EnvironmentConfig {
  return ENVIRONMENTS[name];
}
