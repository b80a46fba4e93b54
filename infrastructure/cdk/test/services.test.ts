import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../apps/orchestrator/src/config';
import { environmentConfig } from '../src/environments';
import { LOCKED_API_KEYS } from '../src/orchestrator-secrets';
import {
  CONSOLE_HEALTH_PATH,
  CONSOLE_PORT,
  ORCHESTRATOR_HEALTH_PATH,
  ORCHESTRATOR_PORT,
} from '../src/orchestrator-stack';
import { readRepoFile } from './repository';
import { logicalId, type Synthesized, synthesize, TEST_CERTIFICATE_ARN, TEST_IMAGE_TAG } from './synth';

const synthesized = { development: synthesize('development'), production: synthesize('production') };

interface Container {
  Environment: { Name: string; Value: unknown }[];
  Secrets?: { Name: string; ValueFrom: unknown }[];
  Image: unknown;
}

/** The service, task definition, target group and scaling of one of the two ECS services. */
function serviceParts({ stack, template }: Synthesized, which: 'orchestrator' | 'console') {
  const construct = stack[which];
  const serviceId = logicalId(stack, construct.service);
  const targetGroupId = logicalId(stack, construct.targetGroup);
  const service = template.findResources('AWS::ECS::Service')[serviceId]!;
  const taskDefinition =
    template.findResources('AWS::ECS::TaskDefinition')[service.Properties.TaskDefinition.Ref]!;
  const scalableTargets = Object.entries(
    template.findResources('AWS::ApplicationAutoScaling::ScalableTarget'),
  ).filter(([, target]) => JSON.stringify(target.Properties.ResourceId).includes(serviceId));
  expect(scalableTargets).toHaveLength(1);
  const [scalableTargetId, scalableTarget] = scalableTargets[0]!;
  const policies = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).filter(
    (policy) => policy.Properties.ScalingTargetId?.Ref === scalableTargetId,
  );
  return {
    service: service.Properties,
    taskDefinition: taskDefinition.Properties,
    container: taskDefinition.Properties.ContainerDefinitions[0] as Container,
    targetGroup: template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup')[targetGroupId]!
      .Properties,
    targetGroupId,
    scalableTarget: scalableTarget.Properties,
    policies: policies.map((policy) => policy.Properties),
  };
}

describe.each(['development', 'production'] as const)('%s services', (envName) => {
  const config = environmentConfig(envName);
  const built = synthesized[envName];

  it.each([
    ['orchestrator', ORCHESTRATOR_PORT, ORCHESTRATOR_HEALTH_PATH],
    ['console', CONSOLE_PORT, CONSOLE_HEALTH_PATH],
  ] as const)('%s is health-checked by its load balancer on port %i at %s', (which, port, path) => {
    const parts = serviceParts(built, which);
    expect(parts.targetGroup).toMatchObject({
      Port: port,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: path,
      Matcher: { HttpCode: '200' },
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
    });
    expect(parts.service.LoadBalancers).toEqual([
      { ContainerName: 'App', ContainerPort: port, TargetGroupArn: { Ref: parts.targetGroupId } },
    ]);
    expect(parts.service.DeploymentConfiguration).toMatchObject({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      MinimumHealthyPercent: 100,
    });
  });

  it.each(['orchestrator', 'console'] as const)(
    '%s has the environment size and scales on CPU and requests',
    (which) => {
      const size = config[which];
      const parts = serviceParts(built, which);
      expect(parts.taskDefinition).toMatchObject({ Cpu: String(size.cpu), Memory: String(size.memoryMiB) });
      expect(parts.service.DesiredCount).toBe(size.desiredCount);
      expect(parts.scalableTarget).toMatchObject({
        MinCapacity: size.minCapacity,
        MaxCapacity: size.maxCapacity,
      });
      expect(size.minCapacity).toBeLessThanOrEqual(size.desiredCount);
      expect(size.desiredCount).toBeLessThanOrEqual(size.maxCapacity);
      const tracking = parts.policies.map((policy) => {
        expect(policy.PolicyType).toBe('TargetTrackingScaling');
        const configuration = policy.TargetTrackingScalingPolicyConfiguration;
        return {
          metric: configuration.PredefinedMetricSpecification.PredefinedMetricType,
          target: configuration.TargetValue,
          label: JSON.stringify(configuration.PredefinedMetricSpecification.ResourceLabel ?? null),
        };
      });
      expect(
        tracking
          .map(({ metric, target }) => ({ metric, target }))
          .sort((a, b) => a.metric.localeCompare(b.metric)),
      ).toEqual([
        { metric: 'ALBRequestCountPerTarget', target: config.scaling.requestsPerTargetPerMinute },
        { metric: 'ECSServiceAverageCPUUtilization', target: config.scaling.cpuUtilizationPercent },
      ]);
      // Requests are counted on this service's own target group.
      expect(tracking.find((policy) => policy.metric === 'ALBRequestCountPerTarget')?.label).toContain(
        parts.targetGroupId,
      );
    },
  );

  it('logs each service to its own group, kept for the environment retention', () => {
    const days = { development: 7, production: 90 }[envName];
    for (const service of ['orchestrator', 'console']) {
      built.template.hasResource('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `/talknshop/${envName}/${service}`, RetentionInDays: days },
        DeletionPolicy: envName === 'production' ? 'Retain' : 'Delete',
      });
    }
  });
});

describe('the orchestrator container', () => {
  const production = synthesized.production;
  const { container } = serviceParts(production, 'orchestrator');
  const environment = Object.fromEntries(container.Environment.map(({ Name, Value }) => [Name, Value]));
  const tableId = logicalId(production.stack, production.stack.table.table);

  it('runs the tagged image from its ECR repository', () => {
    expect(JSON.stringify(container.Image)).toContain(`.dkr.ecr.`);
    expect(JSON.stringify(container.Image)).toContain(`/talknshop/orchestrator:${TEST_IMAGE_TAG}`);
  });

  it('uses the deployed table in production mode, without creating tables', () => {
    expect(environment).toMatchObject({
      NODE_ENV: 'production',
      PORT: String(ORCHESTRATOR_PORT),
      DYNAMODB_TABLE_NAME: { Ref: tableId },
      DYNAMODB_CREATE_TABLE: 'false',
      AWS_REGION: { Ref: 'AWS::Region' },
    });
    expect(environment.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
  });

  it('gets its credentials from Secrets Manager, never as plain environment values', () => {
    const secrets = Object.fromEntries(
      (container.Secrets ?? []).map(({ Name, ValueFrom }) => [Name, ValueFrom]),
    );
    expect(Object.keys(secrets).sort()).toEqual([
      'API_KEYS',
      'CURSOR_SECRET',
      'OPERATOR_PASSWORD',
      'OPERATOR_SESSION_SECRET',
    ]);
    const secretResources = production.template.findResources('AWS::SecretsManager::Secret');
    for (const [name, valueFrom] of Object.entries(secrets)) {
      expect(environment[name]).toBeUndefined();
      // A complete ARN (the Ref of a secret of this stack): ECS cannot resolve partial secret ARNs.
      const ref = (valueFrom as { Ref?: string }).Ref ?? '';
      expect(secretResources[ref], name).toBeDefined();
      expect(secretResources[ref]?.DeletionPolicy).toBe('Retain');
    }
    production.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'talknshop/production/orchestrator/cursor-secret',
      GenerateSecretString: Match.objectLike({ PasswordLength: 64 }),
    });
  });

  it('starts locked: the initial API_KEYS is accepted by the orchestrator but matches no key', () => {
    production.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'talknshop/production/orchestrator/api-keys',
      SecretString: LOCKED_API_KEYS,
    });
    const config = loadConfig({
      NODE_ENV: 'production',
      API_KEYS: LOCKED_API_KEYS,
      CURSOR_SECRET: 'x'.repeat(64),
      OPERATOR_PASSWORD: 'y'.repeat(32),
      OPERATOR_SESSION_SECRET: 'z'.repeat(64),
    });
    expect(config.apiKeys).toEqual([{ clientId: 'unset', sha256: '0'.repeat(64) }]);
  });

  it('marks the operator cookie Secure where the console serves HTTPS, and only there', () => {
    expect(environment.OPERATOR_COOKIE_SECURE).toBe('true');
    const development = serviceParts(synthesized.development, 'orchestrator').container;
    const plain = Object.fromEntries(development.Environment.map(({ Name, Value }) => [Name, Value]));
    expect(plain.OPERATOR_COOKIE_SECURE).toBe('false');
  });

  it("keeps Node's old and young generations within three quarters of each task's memory", () => {
    for (const synthesizedStack of Object.values(synthesized)) {
      for (const which of ['orchestrator', 'console'] as const) {
        const { taskDefinition, container } = serviceParts(synthesizedStack, which);
        const options = String(container.Environment.find(({ Name }) => Name === 'NODE_OPTIONS')?.Value);
        const old = Number(/--max-old-space-size=(\d+)/.exec(options)?.[1]);
        const semi = Number(/--max-semi-space-size=(\d+)/.exec(options)?.[1]);
        expect(old, options).toBeGreaterThan(0);
        expect(semi, options).toBeGreaterThan(0);
        expect(old + 2 * semi).toBeLessThanOrEqual(Number(taskDefinition.Memory) * 0.75);
      }
    }
  });

  it('sets only variables the orchestrator reads', () => {
    const known = new Set(
      [...readRepoFile('apps/orchestrator/src/config.ts').matchAll(/^\s+([A-Z][A-Z0-9_]+):/gm)].map(
        (m) => m[1],
      ),
    );
    expect(known.has('DYNAMODB_TABLE_NAME')).toBe(true);
    const names = [...Object.keys(environment), ...(container.Secrets ?? []).map(({ Name }) => Name)];
    for (const name of names.filter((name) => name !== 'NODE_OPTIONS')) expect(known, name).toContain(name);
  });

  it('is reachable from the console tasks on its port, inside the VPC', () => {
    const consoleGroup = logicalId(
      production.stack,
      production.stack.console.service.connections.securityGroups[0]!,
    );
    const orchestratorGroup = logicalId(
      production.stack,
      production.stack.orchestrator.service.connections.securityGroups[0]!,
    );
    production.template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      GroupId: { 'Fn::GetAtt': [orchestratorGroup, 'GroupId'] },
      SourceSecurityGroupId: { 'Fn::GetAtt': [consoleGroup, 'GroupId'] },
      FromPort: ORCHESTRATOR_PORT,
      ToPort: ORCHESTRATOR_PORT,
    });
    const consoleEnvironment = serviceParts(production, 'console').container.Environment;
    expect(consoleEnvironment).toContainEqual({
      Name: 'ORCHESTRATOR_URL',
      Value: `http://orchestrator.talknshop.internal:${ORCHESTRATOR_PORT}`,
    });
    production.template.hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: 'orchestrator' });
  });
});

describe('production load balancers', () => {
  it('serve HTTPS only: 443 with the certificate, and port 80 does nothing but redirect to it', () => {
    const listeners = Object.values(
      synthesized.production.template.findResources('AWS::ElasticLoadBalancingV2::Listener'),
    ).map((listener) => listener.Properties);
    expect(listeners).toHaveLength(4);
    for (const listener of listeners) {
      if (listener.Port === 443) {
        expect(listener).toMatchObject({
          Protocol: 'HTTPS',
          Certificates: [{ CertificateArn: TEST_CERTIFICATE_ARN }],
        });
      } else {
        expect(listener).toMatchObject({ Port: 80, Protocol: 'HTTP' });
        expect(listener.DefaultActions).toEqual([
          expect.objectContaining({
            Type: 'redirect',
            RedirectConfig: expect.objectContaining({ Port: '443' }),
          }),
        ]);
      }
    }
    expect(listeners.filter((listener) => listener.Port === 443)).toHaveLength(2);
  });
});

describe('the orchestrator load balancer', () => {
  it('answers /metrics itself with 404, so the figures stay inside the VPC', () => {
    for (const name of ['development', 'production'] as const) {
      const rules = Object.values(
        synthesized[name].template.findResources('AWS::ElasticLoadBalancingV2::ListenerRule'),
      ).map((rule) => rule.Properties);
      expect(rules, name).toEqual([
        expect.objectContaining({
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/metrics'] } }],
          Actions: [
            expect.objectContaining({
              Type: 'fixed-response',
              FixedResponseConfig: expect.objectContaining({ StatusCode: '404' }),
            }),
          ],
        }),
      ]);
    }
  });
});

describe('with a certificate', () => {
  const certificateArn = TEST_CERTIFICATE_ARN;
  const { template } = synthesize('staging', {
    certificateArn,
    consoleOrigin: 'https://console.talknshop.example',
  });

  it('serves HTTPS on 443 and redirects HTTP to it', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: certificateArn }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [
        Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443' }) }),
      ],
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [
        Match.objectLike({
          Environment: Match.arrayWith([
            { Name: 'CONSOLE_ORIGIN', Value: 'https://console.talknshop.example' },
          ]),
        }),
      ],
    });
  });
});
