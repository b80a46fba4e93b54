import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { STACK_NAME } from '../src/orchestrator-stack';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const outputs: string[] = [];
afterAll(() => {
  for (const dir of outputs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Only what the CLI needs: no AWS credentials or profile, no instance metadata, no version check,
 * telemetry or notices (which would reach for the network).
 */
const OFFLINE_ENV = {
  PATH: process.env.PATH ?? '',
  NODE_ENV: 'production' as const,
  HOME: process.env.HOME ?? tmpdir(),
  CDK_DISABLE_VERSION_CHECK: '1',
  CDK_DISABLE_CLI_TELEMETRY: 'true',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: join(tmpdir(), 'no-aws-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(tmpdir(), 'no-aws-credentials'),
};

function run(command: string, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: PACKAGE_DIR, env: { ...OFFLINE_ENV, ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('cdk synth', () => {
  it('synthesises the stack offline, without AWS credentials, into a template file', async () => {
    const output = mkdtempSync(join(tmpdir(), 'talknshop-cdk-'));
    outputs.push(output);
    const { code, stderr } = await run('node_modules/.bin/cdk', [
      'synth',
      '--app',
      'npx tsx src/app.ts',
      '--context',
      'env=staging',
      '--context',
      'imageTag=ci-build',
      '--output',
      output,
      '--no-notices',
      '--quiet',
      STACK_NAME,
    ]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const templatePath = join(output, `${STACK_NAME}.template.json`);
    expect(existsSync(templatePath)).toBe(true);
    const template = JSON.parse(readFileSync(templatePath, 'utf8'));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toContain('AWS::DynamoDB::Table');
    expect(types.filter((type) => type === 'AWS::ECS::Service')).toHaveLength(2);
    const manifest = JSON.parse(readFileSync(join(output, 'manifest.json'), 'utf8'));
    // Environment-agnostic: nothing was looked up, so the template deploys to any account and region.
    expect(manifest.artifacts[STACK_NAME].environment).toBe('aws://unknown-account/unknown-region');
    expect(existsSync(join(PACKAGE_DIR, 'cdk.context.json'))).toBe(false);
  });

  it('refuses to synthesise without an environment and an image tag, naming both', async () => {
    const output = mkdtempSync(join(tmpdir(), 'talknshop-cdk-'));
    outputs.push(output);
    const { code, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/app.ts'], {
      CDK_CONTEXT_JSON: '{}',
      CDK_OUTDIR: output,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('env: pass -c env=development|staging|production');
    expect(stderr).toContain('pass -c imageTag=<tag>');
  });

  it('refuses to synthesise production without a certificate: its load balancers serve HTTPS only', async () => {
    const output = mkdtempSync(join(tmpdir(), 'talknshop-cdk-'));
    outputs.push(output);
    const { code, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/app.ts'], {
      CDK_CONTEXT_JSON: JSON.stringify({ env: 'production', imageTag: 'ci-build' }),
      CDK_OUTDIR: output,
    });
    expect(code).toBe(1);
    expect(stderr).toContain('certificateArn: production serves HTTPS only');
    expect(existsSync(join(output, `${STACK_NAME}.template.json`))).toBe(false);
  });
});
