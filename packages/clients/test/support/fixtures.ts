import type {
  CatalogSearchResponse,
  Product,
  TranscribeRequest,
  TranscribeResponse,
} from '@talknshop/contracts';

export const product: Product = {
  product_id: 'sku-1',
  title: 'Trail running shoe',
  description: 'Light shoe for muddy trails',
  product_type: 'shoes',
  brand: 'Acme',
  price: 89.5,
  currency: 'USD',
  colors: ['blue'],
  sizes: ['42'],
  material: null,
  rating: 4.4,
  review_count: 120,
  condition: 'new',
  in_stock: true,
  image_url: 'https://img.example.test/sku-1.jpg',
  url: 'https://shop.example.test/p/sku-1',
};

export const searchResponse: CatalogSearchResponse = {
  products: [{ ...product, relevance: 1.5 }],
  total: 1,
  next_cursor: null,
};

export const transcribeRequest: TranscribeRequest = {
  audio: { content_type: 'audio/wav', data_base64: 'UklGRg==' },
};

export const transcribeResponse: TranscribeResponse = {
  transcript: 'blue running shoes',
  confidence: 0.9,
  language: 'en',
  duration_seconds: 1.2,
};
