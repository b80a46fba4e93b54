// `cdk synth|deploy TalknShop-Orchestrator -c env=<development|staging|production> -c imageTag=<tag>`
import { App } from 'aws-cdk-lib';
import { DeploySettingsError, readDeploySettings } from './deploy-settings';
import { OrchestratorStack, STACK_NAME } from './orchestrator-stack';

const app = new App();
try {
  const settings = readDeploySettings((key) => app.node.tryGetContext(key));
  new OrchestratorStack(app, STACK_NAME, { settings });
} catch (error) {
  if (!(error instanceof DeploySettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
app.synth();
