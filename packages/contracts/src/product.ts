import { z } from 'zod';
import { ConditionSchema } from './common';

export const ProductSchema = z.object({
  product_id: z.string().min(1),
  title: z.string(),
  description: z.string(),
  product_type: z.string(),
  brand: z.string(),
  price: z.number().nonnegative(),
  currency: z.string().length(3),
  colors: z.array(z.string()),
  sizes: z.array(z.string()),
  material: z.string().nullable(),
  rating: z.number().min(0).max(5),
  review_count: z.number().int().nonnegative(),
  condition: ConditionSchema,
  in_stock: z.boolean(),
  image_url: z.url(),
  url: z.url(),
});
export type Product = z.infer<typeof ProductSchema>;
