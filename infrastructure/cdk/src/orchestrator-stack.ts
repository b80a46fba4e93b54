import { ORCHESTRATOR_TABLE } from '@talknshop/db';
import { CfnOutput, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { LoadBalancerAlarms, TableThrottleAlarm } from './alarms';
import type { DeploySettings, ImageRef } from './deploy-settings';
import { LoadBalancedService } from './load-balanced-service';
import { OrchestratorSecrets } from './orchestrator-secrets';
import { OrchestratorTable } from './orchestrator-table';
import { ORCHESTRATOR_TABLE_OPERATIONS, tableAccessStatements } from './table-access';

export const STACK_NAME = 'TalknShop-Orchestrator';
export const ORCHESTRATOR_PORT = 8000;
export const CONSOLE_PORT = 3000;
export const ORCHESTRATOR_HEALTH_PATH = '/health';
/** The console's liveness route (apps/console/app/health/route.ts), outside its login redirect. */
export const CONSOLE_HEALTH_PATH = '/health';
/** Private DNS inside the VPC: the console reaches the orchestrator's tasks directly, not via the ALB. */
export const SERVICE_NAMESPACE = 'talknshop.internal';

export interface OrchestratorStackProps extends StackProps {
  settings: DeploySettings;
}

/**
 * The TalknShop orchestrator in one AWS account and region: its DynamoDB table, the orchestrator and the
 * operator console on ECS Fargate behind load balancers, their secrets, logs and alarms. Environment-
 * agnostic (no lookups), so it synthesises offline and deploys wherever the credentials point.
 */
export class OrchestratorStack extends Stack {
  readonly table: OrchestratorTable;
  readonly orchestrator: LoadBalancedService;
  readonly console: LoadBalancedService;
  readonly alarmTopic: sns.Topic;

  constructor(scope: Construct, id: string, props: OrchestratorStackProps) {
    const { settings } = props;
    const env = settings.environment;
    super(scope, id, {
      description: `TalknShop orchestrator (${env.name}): DynamoDB table, orchestrator and console on ECS Fargate`,
      ...props,
    });
    Tags.of(this).add('project', 'talknshop');
    Tags.of(this).add('environment', env.name);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: env.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
    });
    // DynamoDB traffic stays on the AWS network instead of crossing the NAT gateways.
    vpc.addGatewayEndpoint('DynamoDb', { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB });
    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: env.containerInsights
        ? ecs.ContainerInsights.ENABLED
        : ecs.ContainerInsights.DISABLED,
      defaultCloudMapNamespace: { name: SERVICE_NAMESPACE, vpc },
    });

    this.table = new OrchestratorTable(this, 'Data', {
      tableName: `${ORCHESTRATOR_TABLE.defaultName}-${env.name}`,
      removalPolicy: env.removalPolicy,
    });
    const secrets = new OrchestratorSecrets(this, 'Secrets', {
      namePrefix: `talknshop/${env.name}/orchestrator`,
      removalPolicy: env.removalPolicy,
    });
    const certificate = settings.certificateArn
      ? acm.Certificate.fromCertificateArn(this, 'Certificate', settings.certificateArn)
      : undefined;
    const logGroup = (logId: string, service: string) =>
      new logs.LogGroup(this, logId, {
        logGroupName: `/talknshop/${env.name}/${service}`,
        retention: env.logRetention,
        removalPolicy: env.removalPolicy,
      });
    const image = (repositoryId: string, ref: ImageRef) =>
      ecs.ContainerImage.fromEcrRepository(
        ecr.Repository.fromRepositoryName(this, repositoryId, ref.repositoryName),
        ref.tag,
      );

    const orchestratorUrlInVpc = `http://orchestrator.${SERVICE_NAMESPACE}:${ORCHESTRATOR_PORT}`;
    this.console = new LoadBalancedService(this, 'Console', {
      cluster,
      image: image('ConsoleRepository', settings.images.console),
      containerPort: CONSOLE_PORT,
      healthCheckPath: CONSOLE_HEALTH_PATH,
      size: env.console,
      scaling: env.scaling,
      environment: {
        NODE_ENV: 'production',
        HOSTNAME: '0.0.0.0',
        PORT: String(CONSOLE_PORT),
        ORCHESTRATOR_URL: orchestratorUrlInVpc,
      },
      logGroup: logGroup('ConsoleLogs', 'console'),
      ...(certificate ? { certificate } : {}),
    });

    this.orchestrator = new LoadBalancedService(this, 'Orchestrator', {
      cluster,
      image: image('OrchestratorRepository', settings.images.orchestrator),
      containerPort: ORCHESTRATOR_PORT,
      healthCheckPath: ORCHESTRATOR_HEALTH_PATH,
      size: env.orchestrator,
      scaling: env.scaling,
      environment: {
        NODE_ENV: 'production',
        HOST: '0.0.0.0',
        PORT: String(ORCHESTRATOR_PORT),
        LOG_LEVEL: env.logLevel,
        AWS_REGION: this.region,
        DYNAMODB_TABLE_NAME: this.table.table.tableName,
        DYNAMODB_CREATE_TABLE: 'false',
        MEDIA_SERVICE_URL: env.downstream.media,
        CATALOG_SERVICE_URL: env.downstream.catalog,
        RESPONSE_COMPOSER_URL: env.downstream.composer,
        CONSOLE_ORIGIN: settings.consoleOrigin ?? this.console.url,
        // Browsers drop a Secure cookie sent over plain HTTP: Secure only where the console serves HTTPS.
        OPERATOR_COOKIE_SECURE: certificate ? 'true' : 'false',
        OPERATOR_USERNAME: 'operator',
      },
      secrets: secrets.containerSecrets(),
      logGroup: logGroup('OrchestratorLogs', 'orchestrator'),
      cloudMapName: 'orchestrator',
      // Prometheus scrapes the tasks inside the VPC (orchestrator.<namespace>:<port>/metrics); the
      // figures are not for the internet.
      privatePaths: ['/metrics'],
      ...(certificate ? { certificate } : {}),
    });
    this.orchestrator.service.connections.allowFrom(
      this.console.service,
      ec2.Port.tcp(ORCHESTRATOR_PORT),
      'the console relays /trpc to the orchestrator',
    );
    for (const statement of tableAccessStatements(this.table.table, this.table.indexNames)) {
      this.orchestrator.taskRole.addToPrincipalPolicy(statement);
    }

    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: `TalknShop ${env.name} alarms` });
    if (settings.alarmEmail) {
      this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(settings.alarmEmail));
    }
    new LoadBalancerAlarms(this, 'OrchestratorAlarms', {
      serviceName: 'orchestrator',
      loadBalancer: this.orchestrator.loadBalancer,
      thresholds: env.alarms,
      topic: this.alarmTopic,
    });
    new LoadBalancerAlarms(this, 'ConsoleAlarms', {
      serviceName: 'console',
      loadBalancer: this.console.loadBalancer,
      thresholds: env.alarms,
      topic: this.alarmTopic,
    });
    new TableThrottleAlarm(this, 'TableAlarms', {
      table: this.table.table,
      operations: ORCHESTRATOR_TABLE_OPERATIONS,
      threshold: env.alarms.dynamoThrottledRequests,
      topic: this.alarmTopic,
    });

    new CfnOutput(this, 'OrchestratorUrl', { value: this.orchestrator.url });
    new CfnOutput(this, 'ConsoleUrl', { value: this.console.url });
    new CfnOutput(this, 'TableName', { value: this.table.table.tableName });
    new CfnOutput(this, 'OperatorPasswordSecret', { value: secrets.operatorPassword.secretName });
    new CfnOutput(this, 'ApiKeysSecret', { value: secrets.apiKeys.secretName });
    new CfnOutput(this, 'AlarmTopic', { value: this.alarmTopic.topicArn });
  }
}
