/**
 * A seeded pseudo-random generator (mulberry32). Everything random in the reference services (the generated
 * catalog, injected faults) draws from one of these so that the same seed replays the same sequence.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Uniform integer in [min, max]. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random.next() * (max - min + 1));
}

export function randomBetween(random: Random, min: number, max: number): number {
  return min + random.next() * (max - min);
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('cannot pick from an empty list');
  return items[Math.floor(random.next() * items.length)] as T;
}

/** `count` distinct items in random order (all of them when there are fewer). */
export function pickDistinct<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) {
    const index = Math.floor(random.next() * pool.length);
    chosen.push(pool.splice(index, 1)[0] as T);
  }
  return chosen;
}

/** Standard normal sample (Box-Muller); always consumes exactly two draws. */
export function standardNormal(random: Random): number {
  const u1 = 1 - random.next();
  const u2 = random.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
