import type { Requirements } from './workflow';

/**
 * Requirements as flat `dotted.path → text` rows (the same paths the replay diff names in
 * `changed_fields`), so one table shows them and marks what changed.
 */

const list = (values: readonly string[]) => (values.length > 0 ? values.join(', ') : '—');
const maybe = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '—' : String(value);

export function flattenRequirements(requirements: Requirements | null): Map<string, string> {
  const rows = new Map<string, string>();
  if (!requirements) return rows;
  rows.set('product_type', maybe(requirements.product_type));
  rows.set('keywords', list(requirements.keywords));
  for (const [name, values] of Object.entries(requirements.attributes).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    rows.set(`attributes.${name}`, list(values));
  }
  rows.set('price.min', maybe(requirements.price?.min));
  rows.set('price.max', maybe(requirements.price?.max));
  rows.set('price.currency', maybe(requirements.price?.currency));
  rows.set('brands', list(requirements.brands));
  rows.set('rating_min', maybe(requirements.rating_min));
  rows.set('condition', maybe(requirements.condition));
  return rows;
}

export interface RequirementRow {
  field: string;
  original: string;
  replay: string;
  changed: boolean;
}

/** A row is changed when the diff names it, a parent of it ("price") or a child of it ("attributes.color"). */
export function isChanged(field: string, changedFields: readonly string[]): boolean {
  return changedFields.some((f) => f === field || field.startsWith(`${f}.`) || f.startsWith(`${field}.`));
}

export function requirementRows(
  original: Requirements | null,
  replay: Requirements | null,
  changedFields: readonly string[],
): RequirementRow[] {
  const left = flattenRequirements(original);
  const right = flattenRequirements(replay);
  const fields = [...new Set([...left.keys(), ...right.keys()])];
  return fields.map((field) => {
    const a = left.get(field) ?? '—';
    const b = right.get(field) ?? '—';
    return { field, original: a, replay: b, changed: a !== b || isChanged(field, changedFields) };
  });
}
