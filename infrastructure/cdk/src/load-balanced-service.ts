import { Duration } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ScalingTargets, ServiceSize } from './environments';

export interface LoadBalancedServiceProps {
  cluster: ecs.ICluster;
  image: ecs.ContainerImage;
  containerPort: number;
  /** The ALB's health check: a path answering 200 while the process is alive. */
  healthCheckPath: string;
  size: ServiceSize;
  scaling: ScalingTargets;
  environment: Record<string, string>;
  secrets?: Record<string, ecs.Secret>;
  logGroup: logs.ILogGroup;
  /** Registers the tasks in the cluster's Cloud Map namespace under this name. */
  cloudMapName?: string;
  /** HTTPS on 443 (and a redirect from 80) with this certificate; plain HTTP on 80 without. */
  certificate?: acm.ICertificate;
  /** Paths the load balancer answers 404 itself: served to the private network only, never the internet. */
  privatePaths?: string[];
}

/**
 * One containerised HTTP service on Fargate in the private subnets, behind its own internet-facing ALB:
 * the target group health check decides which tasks get traffic, a failed deployment rolls back, and the
 * task count follows CPU and requests per task (target tracking on both).
 */
export class LoadBalancedService extends Construct {
  readonly service: ecs.FargateService;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly taskRole: iam.IRole;
  /** The address clients use: `http(s)://<load balancer DNS name>`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: LoadBalancedServiceProps) {
    super(scope, id);
    const { size } = props;
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'Task', {
      cpu: size.cpu,
      memoryLimitMiB: size.memoryMiB,
      runtimePlatform: {
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
      },
    });
    const container = taskDefinition.addContainer('App', {
      image: props.image,
      environment: {
        ...props.environment,
        NODE_OPTIONS: nodeHeapOptions(size.memoryMiB),
      },
      ...(props.secrets ? { secrets: props.secrets } : {}),
      portMappings: [{ containerPort: props.containerPort }],
      logging: ecs.LogDrivers.awsLogs({ logGroup: props.logGroup, streamPrefix: id.toLowerCase() }),
      // Both servers finish in-flight requests on SIGTERM; this is how long ECS waits before SIGKILL.
      stopTimeout: Duration.seconds(30),
    });

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: props.cluster,
      taskDefinition,
      desiredCount: size.desiredCount,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriod: Duration.seconds(60),
      ...(props.cloudMapName ? { cloudMapOptions: { name: props.cloudMapName } } : {}),
    });

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: props.cluster.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    const listener = props.certificate
      ? this.loadBalancer.addListener('Https', {
          port: 443,
          certificates: [props.certificate],
          sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        })
      : this.loadBalancer.addListener('Http', { port: 80 });
    if (props.certificate) this.loadBalancer.addRedirect();
    this.targetGroup = listener.addTargets('Tasks', {
      port: props.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [this.service.loadBalancerTarget({ containerName: container.containerName })],
      healthCheck: {
        path: props.healthCheckPath,
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
      deregistrationDelay: Duration.seconds(30),
    });

    if (props.privatePaths?.length) {
      listener.addAction('PrivatePaths', {
        priority: 10,
        conditions: [elbv2.ListenerCondition.pathPatterns(props.privatePaths)],
        action: elbv2.ListenerAction.fixedResponse(404, {
          contentType: 'application/json',
          messageBody: JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not found' } }),
        }),
      });
    }

    const taskCount = this.service.autoScaleTaskCount({
      minCapacity: size.minCapacity,
      maxCapacity: size.maxCapacity,
    });
    const cooldowns = {
      scaleInCooldown: props.scaling.scaleInCooldown,
      scaleOutCooldown: props.scaling.scaleOutCooldown,
    };
    taskCount.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: props.scaling.cpuUtilizationPercent,
      ...cooldowns,
    });
    taskCount.scaleOnRequestCount('RequestScaling', {
      requestsPerTarget: props.scaling.requestsPerTargetPerMinute,
      targetGroup: this.targetGroup,
      ...cooldowns,
    });

    this.taskRole = taskDefinition.taskRole;
    this.url = `${props.certificate ? 'https' : 'http'}://${this.loadBalancer.loadBalancerDnsName}`;
  }
}

/** Semi-space size in MiB: twice V8's default (see apps/orchestrator/Dockerfile for why). */
const SEMI_SPACE_MIB = 32;

/**
 * Node's heap, old and young generations together (the young one is two semi-spaces), stops at three
 * quarters of the task's memory, so a leak ends in a clean restart, not an OOM kill.
 */
export function nodeHeapOptions(memoryMiB: number): string {
  const old = Math.floor(memoryMiB * 0.75) - 2 * SEMI_SPACE_MIB;
  return `--max-old-space-size=${old} --max-semi-space-size=${SEMI_SPACE_MIB}`;
}
