/**
 * A URL's query parameters as the REST adapter expects them (each name to its values), in an object with no
 * prototype: the adapter's own parsing indexes a plain object by parameter name, so `?toString=` or
 * `?__proto__=` would reach Object.prototype and end in a 500. Unknown names are then refused as input.
 */
export function parseQuery(url: URL): Record<string, string[]> {
  const query = Object.create(null) as Record<string, string[]>;
  url.searchParams.forEach((value, name) => {
    const values = query[name];
    if (values) values.push(value);
    else query[name] = [value];
  });
  return query;
}
