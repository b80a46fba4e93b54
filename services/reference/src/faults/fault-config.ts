import { type FaultConfig, FaultConfigSchema } from '@talknshop/contracts';
import type { ServiceError } from '../http/errors';
import { invalidRequest } from '../http/errors';
import { validationError } from '../http/validation';

/** Matches every endpoint of a service. */
export const ANY_ENDPOINT = '*';

export type FaultConfigResult = { ok: true; config: FaultConfig } | { ok: false; error: ServiceError };

/**
 * Validates a fault config against the contract and against the service's own route templates, so a typo
 * in an endpoint is reported instead of silently never matching.
 */
export function parseFaultConfig(input: unknown, endpoints: readonly string[]): FaultConfigResult {
  const parsed = FaultConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
  for (const [index, rule] of parsed.data.rules.entries()) {
    if (rule.endpoint !== ANY_ENDPOINT && !endpoints.includes(rule.endpoint)) {
      const known = [ANY_ENDPOINT, ...endpoints].map((e) => `"${e}"`).join(', ');
      return {
        ok: false,
        error: invalidRequest(
          `rules.${index}.endpoint: unknown endpoint "${rule.endpoint}" (expected one of ${known})`,
          `rules.${index}.endpoint`,
        ),
      };
    }
  }
  return { ok: true, config: parsed.data };
}

/** Parses the JSON of a `<SERVICE>_FAULTS` environment variable; throws a message fit for an operator. */
export function parseFaultConfigText(
  text: string,
  source: string,
  endpoints: readonly string[],
): FaultConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const result = parseFaultConfig(json, endpoints);
  if (!result.ok) throw new Error(`${source} is not a valid fault config: ${result.error.message}`);
  return result.config;
}
