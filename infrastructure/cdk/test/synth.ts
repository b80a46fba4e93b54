import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readDeploySettings } from '../src/deploy-settings';
import type { EnvironmentName } from '../src/environments';
import { OrchestratorStack, STACK_NAME } from '../src/orchestrator-stack';

export const TEST_IMAGE_TAG = 'test-1a2b3c';

export interface Synthesized {
  stack: OrchestratorStack;
  template: Template;
}

/** The stack as `cdk synth -c env=<env> -c imageTag=…` builds it, in memory. */
export function synthesize(env: EnvironmentName, context: Record<string, string> = {}): Synthesized {
  const values: Record<string, string> = { env, imageTag: TEST_IMAGE_TAG, ...context };
  const settings = readDeploySettings((key) => values[key]);
  const stack = new OrchestratorStack(new App(), STACK_NAME, { settings });
  return { stack, template: Template.fromStack(stack) };
}

/** The logical id CloudFormation knows a construct's main resource by. */
export function logicalId(stack: OrchestratorStack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as Parameters<OrchestratorStack['getLogicalId']>[0]);
}
