import { type RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface OrchestratorSecretsProps {
  /** Secret names start with this, e.g. `talknshop/production/orchestrator`. */
  namePrefix: string;
  removalPolicy: RemovalPolicy;
}

/**
 * The API_KEYS value a new deployment starts with: well-formed (`client_id:sha256`), so the orchestrator
 * starts, but no key hashes to all zeros, so every API call is refused until operators put real entries.
 * It is not a secret; CloudFormation writes it again only if the secret's definition in the stack changes.
 */
export const LOCKED_API_KEYS = `unset:${'0'.repeat(64)}`;

/**
 * The orchestrator's credentials in Secrets Manager, handed to the container as environment variables by
 * ECS at task start (the task definition holds only their ARNs). The signing secrets and the operator
 * password are generated; API keys are set by operators (`npm run api-key`, then put-secret-value),
 * because their entries are hashes of keys handed to clients.
 */
export class OrchestratorSecrets extends Construct {
  readonly cursorSecret: secretsmanager.Secret;
  readonly operatorPassword: secretsmanager.Secret;
  readonly operatorSessionSecret: secretsmanager.Secret;
  readonly apiKeys: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: OrchestratorSecretsProps) {
    super(scope, id);
    const secret = (
      secretId: string,
      name: string,
      description: string,
      value: Pick<secretsmanager.SecretProps, 'generateSecretString' | 'secretStringValue'>,
    ) =>
      new secretsmanager.Secret(this, secretId, {
        secretName: `${props.namePrefix}/${name}`,
        description,
        removalPolicy: props.removalPolicy,
        ...value,
      });
    const generated = (length: number) => ({
      generateSecretString: { passwordLength: length, excludePunctuation: true },
    });
    this.cursorSecret = secret(
      'CursorSecret',
      'cursor-secret',
      'CURSOR_SECRET: signs pagination cursors',
      generated(64),
    );
    this.operatorSessionSecret = secret(
      'OperatorSessionSecret',
      'operator-session-secret',
      'OPERATOR_SESSION_SECRET: signs operator console session cookies',
      generated(64),
    );
    this.operatorPassword = secret(
      'OperatorPassword',
      'operator-password',
      'OPERATOR_PASSWORD: the operator console login',
      generated(32),
    );
    this.apiKeys = secret(
      'ApiKeys',
      'api-keys',
      'API_KEYS: client_id:sha256(key) entries, comma-separated (npm run api-key); set with put-secret-value',
      { secretStringValue: SecretValue.unsafePlainText(LOCKED_API_KEYS) },
    );
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
