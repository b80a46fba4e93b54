import { RemovalPolicy } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DeploySettingsError, readDeploySettings } from '../src/deploy-settings';
import { environmentConfig } from '../src/environments';
import { TEST_CERTIFICATE_ARN } from './synth';

const read = (context: Record<string, unknown>) => readDeploySettings((key) => context[key]);
const problemsOf = (context: Record<string, unknown>): string[] => {
  try {
    read(context);
  } catch (error) {
    if (error instanceof DeploySettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected the context to be rejected');
};

describe('deploy settings from the CDK context', () => {
  it('picks the environment configuration and the image tag', () => {
    const settings = read({ env: 'staging', imageTag: 'git-4f2a9c1' });
    expect(settings.environment).toEqual(environmentConfig('staging'));
    expect(settings.images).toEqual({
      orchestrator: { repositoryName: 'talknshop/orchestrator', tag: 'git-4f2a9c1' },
      console: { repositoryName: 'talknshop/console', tag: 'git-4f2a9c1' },
    });
    expect(settings).toMatchObject({ certificateArn: null, alarmEmail: null, consoleOrigin: null });
  });

  it('retains data only in production, and sizes production largest', () => {
    expect(environmentConfig('production').removalPolicy).toBe(RemovalPolicy.RETAIN);
    expect(environmentConfig('staging').removalPolicy).toBe(RemovalPolicy.DESTROY);
    expect(environmentConfig('development').removalPolicy).toBe(RemovalPolicy.DESTROY);
    const orchestratorMax = (['development', 'staging', 'production'] as const).map(
      (name) => environmentConfig(name).orchestrator.maxCapacity,
    );
    expect(orchestratorMax).toEqual([...orchestratorMax].sort((a, b) => a - b));
  });

  it('lets per-image tags, repositories and downstream addresses be overridden', () => {
    const settings = read({
      env: 'production',
      certificateArn: TEST_CERTIFICATE_ARN,
      imageTag: 'v1',
      consoleImageTag: 'v2',
      orchestratorRepository: 'shop/api',
      catalogServiceUrl: 'https://catalog.internal.example',
    });
    expect(settings.images.orchestrator).toEqual({ repositoryName: 'shop/api', tag: 'v1' });
    expect(settings.images.console.tag).toBe('v2');
    expect(settings.environment.downstream.catalog).toBe('https://catalog.internal.example');
    expect(settings.environment.downstream.media).toBe(environmentConfig('production').downstream.media);
  });

  it('refuses production without a certificate, and lets development and staging serve plain HTTP', () => {
    expect(problemsOf({ env: 'production', imageTag: 'v1' })).toEqual([
      'certificateArn: production serves HTTPS only, pass -c certificateArn=<ACM certificate ARN>',
    ]);
    expect(
      read({ env: 'production', imageTag: 'v1', certificateArn: TEST_CERTIFICATE_ARN }).certificateArn,
    ).toBe(TEST_CERTIFICATE_ARN);
    for (const env of ['development', 'staging']) {
      expect(read({ env, imageTag: 'v1' }).certificateArn).toBeNull();
    }
  });

  it('names every missing or bad key at once', () => {
    expect(problemsOf({})).toEqual([
      'env: pass -c env=development|staging|production (got null)',
      'orchestratorImageTag: pass -c imageTag=<tag> (or -c orchestratorImageTag=<tag>)',
      'consoleImageTag: pass -c imageTag=<tag> (or -c consoleImageTag=<tag>)',
    ]);
    const problems = problemsOf({
      env: 'prod',
      imageTag: 'not a tag',
      mediaServiceUrl: 'ftp://media',
      certificateArn: 'certificate',
      alarmEmail: 'nobody',
    });
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/env: .*got "prod"/);
    expect(problems.join('\n')).toContain('"not a tag" is not a valid image tag');
    expect(problems.join('\n')).toContain('mediaServiceUrl: "ftp://media" is not an http(s) URL');
  });
});
