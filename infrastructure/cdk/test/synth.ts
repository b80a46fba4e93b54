import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readDeploySettings } from '../src/deploy-settings';
import { type EnvironmentName, environmentConfig } from '../src/environments';
import { OrchestratorStack, STACK_NAME } from '../src/orchestrator-stack';

export const TEST_IMAGE_TAG = 'test-1a2b3c';

export interface Synthesized {
  stack: OrchestratorStack;
  template: Template;
}

/** Alarm e-mail is part of every test deployment: one synthesis per environment serves every test file. */
export const TEST_ALARM_EMAIL = 'oncall@talknshop.example';
/** Given where the environment requires HTTPS (production), as a real deployment must. */
export const TEST_CERTIFICATE_ARN =
  'arn:aws:acm:eu-west-1:123456789012:certificate/0d3b7c54-aaaa-bbbb-cccc-123456789012';

const synthesized = new Map<string, Synthesized>();

/**
 * The stack as `cdk synth -c env=<env> -c imageTag=… -c alarmEmail=…` (and `-c certificateArn=…` where
 * HTTPS is required) builds it, in memory. Templates are read-only, so one synthesis per context is shared
 * by the test files of a worker.
 */
export function synthesize(env: EnvironmentName, context: Record<string, string> = {}): Synthesized {
  const values: Record<string, string> = {
    env,
    imageTag: TEST_IMAGE_TAG,
    alarmEmail: TEST_ALARM_EMAIL,
    ...(environmentConfig(env).httpsRequired ? { certificateArn: TEST_CERTIFICATE_ARN } : {}),
    ...context,
  };
  const key = JSON.stringify(values);
  const cached = synthesized.get(key);
  if (cached) return cached;
  const settings = readDeploySettings((name) => values[name]);
  const stack = new OrchestratorStack(new App(), STACK_NAME, { settings });
  const result = { stack, template: Template.fromStack(stack) };
  synthesized.set(key, result);
  return result;
}

/** The logical id CloudFormation knows a construct's main resource by. */
export function logicalId(stack: OrchestratorStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<OrchestratorStack['getLogicalId']>[0]);
}
