/**
 * Resolves a contract's route template (`/products/{product_id}`) against a service's base URL, taking each
 * `{name}` from `params`, URL-encoded so a value can never change the route.
 */
export function endpointUrl(baseUrl: URL, template: string, params: unknown): URL {
  const path = template.replace(/\{([A-Za-z0-9_]+)\}/g, (_match, name: string) =>
    encodePathSegment(template, name, isRecord(params) ? params[name] : undefined),
  );
  return new URL(path.replace(/^\//, ''), baseUrl);
}

function encodePathSegment(template: string, name: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new Error(`path parameter ${name} of ${template} is missing`);
  }
  const segment = String(value);
  // URL parsers resolve "." and ".." (even percent-encoded) as dot segments, so they cannot be sent as values.
  if (segment === '' || segment === '.' || segment === '..') {
    throw new Error(`path parameter ${name} of ${template} cannot be ${JSON.stringify(segment)}`);
  }
  return encodeURIComponent(segment);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
