/** Prices as shoppers read them: "$89.99", and "$100" for whole amounts. */
export function formatMoney(amount: number, currency: string): string {
  const whole = Number.isInteger(amount);
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(amount);
  } catch {
    return `${amount.toFixed(whole ? 0 : 2)} ${currency}`;
  }
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** "4.6★ (1,234 reviews)". */
export function formatRating(rating: number, reviews: number): string {
  return `${formatStars(rating)} (${formatCount(reviews)} ${reviews === 1 ? 'review' : 'reviews'})`;
}

export function formatStars(rating: number): string {
  return `${Number.isInteger(rating) ? rating : rating.toFixed(1)}★`;
}

/** "a", "a and b", "a, b and c". */
export function joinList(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
