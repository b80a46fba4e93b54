import { createHash, timingSafeEqual } from 'node:crypto';

/** The development key (documented in .env.example); production refuses to start without real keys. */
export const DEVELOPMENT_API_KEY = 'tns_dev_key_change_me';
export const DEVELOPMENT_CLIENT_ID = 'dev';

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface ApiKeyEntry {
  clientId: string;
  /** SHA-256 (hex) of the key: plain keys are never kept, compared or logged. */
  sha256: string;
}

const ENTRY = /^([A-Za-z0-9_.-]{1,64}):([0-9a-f]{64})$/;

/** `client_id:sha256hex` entries, comma-separated (the API_KEYS variable). */
export function parseApiKeys(value: string): ApiKeyEntry[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = ENTRY.exec(entry);
      if (!match) throw new Error(`"${entry.slice(0, 24)}…" is not client_id:sha256-hex`);
      return { clientId: match[1]!, sha256: match[2]! };
    });
}

export interface ApiKeyAuth {
  /** The client id the bearer credential belongs to, or null when it is missing or unknown. */
  authenticate(authorization: string | undefined): string | null;
}

export function createApiKeyAuth(entries: readonly ApiKeyEntry[]): ApiKeyAuth {
  const known = entries.map((entry) => ({
    clientId: entry.clientId,
    digest: Buffer.from(entry.sha256, 'hex'),
  }));
  return {
    authenticate(authorization) {
      const match = /^Bearer\s+(\S{8,512})$/i.exec(authorization?.trim() ?? '');
      if (!match) return null;
      const digest = Buffer.from(hashApiKey(match[1]!), 'hex');
      // Compare against every key in constant time, so timing does not tell which prefix matched.
      let clientId: string | null = null;
      for (const entry of known) {
        if (timingSafeEqual(entry.digest, digest)) clientId = entry.clientId;
      }
      return clientId;
    },
  };
}
