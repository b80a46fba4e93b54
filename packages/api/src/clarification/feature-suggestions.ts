/**
 * The few things that matter most when choosing each type, phrased so the requirement extractor reads
 * them back (a feature, a size, a colour or a style keyword).
 */
const FEATURE_SUGGESTIONS = new Map<string, string[]>(
  Object.entries({
    shoes: ['Size 8', 'Size 9', 'Size 10', 'Size 11', 'Black', 'White'],
    headphones: ['Noise cancelling', 'Wireless', 'Over-ear', 'In-ear'],
    laptops: ['Lightweight', 'Gaming', 'Touchscreen', '16GB RAM'],
    jackets: ['Waterproof', 'Insulated', 'Hooded', 'Lightweight'],
    watches: ['Smartwatch', 'GPS', 'Water resistant', 'Leather'],
    backpacks: ['Laptop compartment', 'Waterproof', 'Lightweight'],
    't-shirts': ['Cotton', 'Size M', 'Size L', 'Black', 'White'],
    jeans: ['Slim fit', 'Straight leg', 'Stretch', 'Black'],
    dresses: ['Size S', 'Size M', 'Black', 'Red', 'Cotton'],
    smartphones: ['128GB', '256GB', 'Unlocked', '5G'],
    tablets: ['64GB', '128GB', '256GB', '11 inch'],
    cameras: ['Mirrorless', '4K', 'Lightweight'],
    sunglasses: ['Polarized', 'Black', 'Gold'],
    handbags: ['Leather', 'Crossbody bag', 'Tote', 'Black'],
    'coffee makers': ['Espresso machine', 'Programmable', 'Single serve'],
    blenders: ['Portable', 'Glass', 'Stainless steel'],
    'desk chairs': ['Ergonomic', 'Lumbar support', 'Mesh', 'Adjustable'],
    monitors: ['27 inch', '4K', 'Curved', 'Gaming'],
    keyboards: ['Mechanical', 'Wireless', 'Backlit', 'Gaming'],
  }),
);

/** For types without their own list (types learned from the catalog). */
const GENERIC_SUGGESTIONS = ['Top rated', 'Black', 'White', 'Lightweight'];

export function featureSuggestions(productType: string): string[] {
  return FEATURE_SUGGESTIONS.get(productType) ?? GENERIC_SUGGESTIONS;
}
