/**
 * Lower-cases and simplifies text so a phrase matches however it was typed: "Levi's" reads "levis",
 * "T-Shirt" reads "t shirt", "27-inch" reads "27 inch", "Fjällräven" reads "fjallraven". Vocabulary phrases
 * go through the same function, so both sides always agree.
 */
export function normalizeText(text: string): string {
  return text
    .replace(/[™®©]/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”″]/g, '"')
    .replace(/[‐‑‒–—−]/g, '-')
    .replace(/(?<![a-z])w\/o(?![a-z])/g, 'without')
    .replace(/(?<![a-z])w\/(?=[a-z ])/g, 'with ')
    .replace(/'/g, '')
    .replace(/(?<=[a-z])-(?=[a-z])/g, ' ')
    .replace(/(?<=\d)-(?=[a-z])/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
