import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

describe('configuration', () => {
  it('keeps API keys only as hashes bound to client ids', () => {
    const config = loadConfig({ API_KEYS: `web:${'b'.repeat(64)}, mobile:${'c'.repeat(64)}` });
    expect(config.apiKeys).toEqual([
      { clientId: 'web', sha256: 'b'.repeat(64) },
      { clientId: 'mobile', sha256: 'c'.repeat(64) },
    ]);
  });

  it('has working defaults for development with the embedded engine', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8000);
    expect(config.dynamo.tableName).toBe('orchestrator-requests');
    expect(config.dynamo.embedded).toEqual({ port: 8004, dataDir: '.data/dynamodb' });
    expect(config.dynamo.createTable).toBe(true);
    expect(config.services.catalog).toBe('http://127.0.0.1:8002');
  });

  it('limits operator login attempts by default, and not at all with OPERATOR_LOGIN_ATTEMPTS=0', () => {
    expect(loadConfig({}).operator.loginThrottle).toEqual({ attempts: 10, windowSeconds: 900 });
    expect(
      loadConfig({ OPERATOR_LOGIN_ATTEMPTS: '5', OPERATOR_LOGIN_WINDOW_SECONDS: '60' }).operator
        .loginThrottle,
    ).toEqual({ attempts: 5, windowSeconds: 60 });
    expect(loadConfig({ OPERATOR_LOGIN_ATTEMPTS: '0' }).operator.loginThrottle).toBeNull();
  });

  it('uses an explicit DynamoDB endpoint instead of the embedded engine', () => {
    const config = loadConfig({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9999' });
    expect(config.dynamo.embedded).toBeNull();
    expect(config.dynamo.endpoint).toBe('http://127.0.0.1:9999');
  });

  it('uses real AWS in production and never creates tables unless told to', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      API_KEYS: `mobile-app:${'a'.repeat(64)}`,
      CURSOR_SECRET: 'a-long-production-secret',
      OPERATOR_PASSWORD: 'a-strong-password',
      OPERATOR_SESSION_SECRET: 'another-long-production-secret',
    });
    expect(config.dynamo.embedded).toBeNull();
    expect(config.dynamo.endpoint).toBeNull();
    expect(config.dynamo.createTable).toBe(false);
    expect(config.operator.secureCookie).toBe(true);
  });

  it('marks the operator cookie Secure in production unless told the console is served over plain HTTP', () => {
    const production = {
      NODE_ENV: 'production',
      API_KEYS: `mobile-app:${'a'.repeat(64)}`,
      CURSOR_SECRET: 'a-long-production-secret',
      OPERATOR_PASSWORD: 'a-strong-password',
      OPERATOR_SESSION_SECRET: 'another-long-production-secret',
    };
    expect(loadConfig({ ...production, OPERATOR_COOKIE_SECURE: 'false' }).operator.secureCookie).toBe(false);
    expect(loadConfig({}).operator.secureCookie).toBe(false);
    expect(loadConfig({ OPERATOR_COOKIE_SECURE: 'true' }).operator.secureCookie).toBe(true);
  });

  it('refuses to start in production without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /API_KEYS[\s\S]*CURSOR_SECRET[\s\S]*OPERATOR_PASSWORD/,
    );
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', CATALOG_SERVICE_URL: 'not a url', DEBUG: 'maybe', API_KEYS: 'plain-key' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('CATALOG_SERVICE_URL');
    expect(message).toContain('DEBUG');
    expect(message).toContain('API_KEYS');
  });
});
