import type { RemovalPolicy } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface OrchestratorSecretsProps {
  /** Secret names start with this, e.g. `talknshop/production/orchestrator`. */
  namePrefix: string;
  removalPolicy: RemovalPolicy;
  /** API_KEYS is created and rotated by operators (`npm run api-key`), never by the stack. */
  apiKeysSecretName: string;
}

/**
 * The orchestrator's credentials in Secrets Manager, handed to the container as environment variables by
 * ECS at task start (the task definition holds only their ARNs). The stack generates the signing secrets
 * and the operator password; API keys are operator-managed because their entries are hashes of keys
 * handed out to clients.
 */
export class OrchestratorSecrets extends Construct {
  readonly cursorSecret: secretsmanager.ISecret;
  readonly operatorPassword: secretsmanager.ISecret;
  readonly operatorSessionSecret: secretsmanager.ISecret;
  readonly apiKeys: secretsmanager.ISecret;

  constructor(scope: Construct, id: string, props: OrchestratorSecretsProps) {
    super(scope, id);
    const generated = (secretId: string, name: string, description: string, length: number) =>
      new secretsmanager.Secret(this, secretId, {
        secretName: `${props.namePrefix}/${name}`,
        description,
        generateSecretString: { passwordLength: length, excludePunctuation: true },
        removalPolicy: props.removalPolicy,
      });
    this.cursorSecret = generated(
      'CursorSecret',
      'cursor-secret',
      'CURSOR_SECRET: signs pagination cursors',
      64,
    );
    this.operatorSessionSecret = generated(
      'OperatorSessionSecret',
      'operator-session-secret',
      'OPERATOR_SESSION_SECRET: signs operator console session cookies',
      64,
    );
    this.operatorPassword = generated(
      'OperatorPassword',
      'operator-password',
      'OPERATOR_PASSWORD: the operator console login',
      32,
    );
    this.apiKeys = secretsmanager.Secret.fromSecretNameV2(this, 'ApiKeys', props.apiKeysSecretName);
  }

  /** The container environment variables these secrets fill, by the names the orchestrator reads. */
  containerSecrets(): Record<string, ecs.Secret> {
    return {
      CURSOR_SECRET: ecs.Secret.fromSecretsManager(this.cursorSecret),
      OPERATOR_PASSWORD: ecs.Secret.fromSecretsManager(this.operatorPassword),
      OPERATOR_SESSION_SECRET: ecs.Secret.fromSecretsManager(this.operatorSessionSecret),
      API_KEYS: ecs.Secret.fromSecretsManager(this.apiKeys),
    };
  }
}
