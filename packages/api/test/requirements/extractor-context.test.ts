import { EMPTY_REQUIREMENTS, type ImageAttributes, type Requirements } from '@talknshop/contracts';
import { describe, expect, it } from 'vitest';
import { createRuleBasedExtractor, DEFAULT_VOCABULARY } from '../../src/requirements';

const extractor = createRuleBasedExtractor(DEFAULT_VOCABULARY);

function photo(overrides: Partial<ImageAttributes>): ImageAttributes {
  return {
    labels: [],
    colors: [],
    detected_text: [],
    product_type: null,
    width: 640,
    height: 480,
    ...overrides,
  };
}

function requirements(overrides: Partial<Requirements>): Requirements {
  return { ...EMPTY_REQUIREMENTS, ...overrides };
}

describe('transcripts', () => {
  it('reads the transcript together with the typed text', () => {
    const read = extractor.extract({
      text: 'running shoes',
      transcript: 'size ten under one hundred dollars',
    });
    expect(read.product_type).toBe('shoes');
    expect(read.attributes).toEqual({ size: ['10'] });
    expect(read.price).toEqual({ min: null, max: 100, currency: 'USD' });
  });

  it('reads a transcript alone', () => {
    const read = extractor.extract({ text: '', transcript: 'I need wireless earbuds for about fifty bucks' });
    expect(read.product_type).toBe('headphones');
    expect(read.keywords).toEqual(['wireless', 'earbuds']);
    expect(read.price).toEqual({ min: 40, max: 60, currency: 'USD' });
  });
});

describe('image attributes', () => {
  const sneakerPhoto = photo({
    product_type: 'sneakers',
    labels: [
      { name: 'Shoe', confidence: 0.97 },
      { name: 'Outdoor', confidence: 0.8 },
      { name: 'Trail', confidence: 0.7 },
      { name: 'Grass', confidence: 0.4 },
    ],
    colors: [
      { name: 'navy', hex: '#1f2a44', fraction: 0.55 },
      { name: 'white', hex: '#ffffff', fraction: 0.3 },
      { name: 'red', hex: '#cc0000', fraction: 0.1 },
    ],
    detected_text: ['ASICS'],
  });

  it('takes the type, dominant colours, printed brand and confident labels from the photo', () => {
    const read = extractor.extract({ text: 'find me these', image: sneakerPhoto });
    expect(read.product_type).toBe('shoes');
    expect(read.attributes).toEqual({ color: ['navy', 'white'] });
    expect(read.brands).toEqual(['ASICS']);
    expect(read.keywords).toEqual(['outdoor', 'trail']);
  });

  it('lets the text win over the photo for type, colour and brand', () => {
    const read = extractor.extract({ text: 'red Brooks boots', image: sneakerPhoto });
    expect(read.product_type).toBe('shoes');
    expect(read.attributes).toEqual({ color: ['red'] });
    expect(read.brands).toEqual(['Brooks']);
    expect(read.keywords).toEqual(['boots', 'outdoor', 'trail']);
  });

  it('never adds a colour the text excludes', () => {
    const read = extractor.extract({ text: 'like this but not white', image: sneakerPhoto });
    expect(read.attributes).toEqual({ color: ['navy'], exclude_color: ['white'] });
  });

  it('ignores colours covering little of the photo', () => {
    const read = extractor.extract({
      text: '',
      image: photo({ colors: [{ name: 'black', hex: '#000000', fraction: 0.2 }] }),
    });
    expect(read.attributes).toEqual({});
  });

  it('takes the type from a label when the media service gave none', () => {
    const read = extractor.extract({
      text: '',
      image: photo({ labels: [{ name: 'Backpack', confidence: 0.9 }] }),
    });
    expect(read.product_type).toBe('backpacks');
    expect(read.keywords).toEqual([]);
  });

  it('keeps a type the vocabulary does not know as the media service named it', () => {
    const read = extractor.extract({ text: '', image: photo({ product_type: 'Lamp' }) });
    expect(read.product_type).toBe('lamp');
  });
});

describe('merging with the previous requirements', () => {
  const previous = requirements({
    product_type: 'shoes',
    keywords: ['running'],
    attributes: { color: ['red'], size: ['10'] },
    price: { min: null, max: 120, currency: 'EUR' },
    brands: ['Nike'],
  });

  it('keeps every field the follow-up does not name', () => {
    expect(extractor.extract({ text: 'in blue', previous })).toEqual({
      ...previous,
      attributes: { color: ['blue'], size: ['10'] },
    });
  });

  it('replaces the price and keeps the earlier currency when none is named', () => {
    const read = extractor.extract({ text: 'under 90', previous });
    expect(read.price).toEqual({ min: null, max: 90, currency: 'EUR' });
  });

  it('adds keywords and accumulates exclusions', () => {
    const first = extractor.extract({ text: 'trail ones, not adidas', previous });
    const second = extractor.extract({ text: 'and not puma', previous: first });
    expect(second.keywords).toEqual(['running', 'trail']);
    expect(second.attributes.exclude_brand).toEqual(['Adidas', 'Puma']);
    expect(second.brands).toEqual(['Nike']);
  });

  it('drops a brand the follow-up excludes and re-admits one it names again', () => {
    const withoutNike = extractor.extract({ text: 'actually no nike', previous });
    expect(withoutNike.brands).toEqual([]);
    expect(withoutNike.attributes.exclude_brand).toEqual(['Nike']);
    const backToNike = extractor.extract({ text: 'ok nike after all', previous: withoutNike });
    expect(backToNike.brands).toEqual(['Nike']);
    expect(backToNike.attributes.exclude_brand).toBeUndefined();
  });

  it('resets type-specific fields when the product type changes', () => {
    const read = extractor.extract({ text: 'show me headphones instead', previous });
    expect(read).toEqual({
      ...EMPTY_REQUIREMENTS,
      product_type: 'headphones',
      attributes: { color: ['red'] },
    });
  });

  it('re-applies a price tier to the new type', () => {
    const cheapShoes = extractor.extract({ text: 'cheap shoes' });
    expect(cheapShoes.price).toEqual({ min: null, max: 50, currency: 'USD' });
    const cheapLaptops = extractor.extract({ text: 'a laptop', previous: cheapShoes });
    expect(cheapLaptops.price).toEqual({ min: null, max: 500, currency: 'USD' });
  });

  it('fills in a tier price once a later message names the type', () => {
    const cheap = extractor.extract({ text: 'something cheap' });
    expect(cheap.price).toBeNull();
    expect(extractor.extract({ text: 'headphones', previous: cheap }).price).toEqual({
      min: null,
      max: 50,
      currency: 'USD',
    });
  });

  it('reads word sizes with the type known from before', () => {
    const shirts = requirements({ product_type: 't-shirts' });
    expect(extractor.extract({ text: 'medium', previous: shirts }).attributes).toEqual({ size: ['M'] });
    const monitors = requirements({ product_type: 'monitors' });
    expect(extractor.extract({ text: 'large', previous: monitors }).attributes).toEqual({});
  });
});
