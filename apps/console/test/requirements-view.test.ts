import { describe, expect, it } from 'vitest';
import { flattenRequirements, isChanged, requirementRows } from '../src/lib/requirements-view';
import type { Requirements } from '../src/lib/workflow';

const base: Requirements = {
  product_type: 'shoes',
  keywords: ['running'],
  attributes: { color: ['red'], size: ['42'] },
  price: { min: null, max: 100, currency: 'USD' },
  brands: ['Acme'],
  rating_min: null,
  condition: 'new',
};

describe('flattenRequirements', () => {
  it('names each field by its dotted path', () => {
    const rows = flattenRequirements(base);
    expect(rows.get('attributes.color')).toBe('red');
    expect(rows.get('price.max')).toBe('100');
    expect(rows.get('price.min')).toBe('—');
    expect(rows.get('keywords')).toBe('running');
    expect(flattenRequirements(null).size).toBe(0);
  });
});

describe('requirementRows', () => {
  it('marks the fields the diff names, and any whose values differ', () => {
    const replay: Requirements = {
      ...base,
      price: { min: null, max: 80, currency: 'USD' },
      attributes: { color: ['red'] },
    };
    const rows = requirementRows(base, replay, ['price.max']);
    const changed = rows.filter((r) => r.changed).map((r) => r.field);
    expect(changed).toEqual(['attributes.size', 'price.max']);
    expect(rows.find((r) => r.field === 'attributes.size')).toMatchObject({ original: '42', replay: '—' });
  });

  it('treats a named parent or child path as covering the row', () => {
    expect(isChanged('price.max', ['price'])).toBe(true);
    expect(isChanged('attributes', ['attributes.color'])).toBe(true);
    expect(isChanged('price.max', ['price.min'])).toBe(false);
    expect(isChanged('brands', ['brand'])).toBe(false);
  });

  it('reports nothing changed for identical requirements', () => {
    expect(requirementRows(base, base, []).some((r) => r.changed)).toBe(false);
  });
});
