/**
 * @module A small seeded pseudo-random generator, so that every split, shuffle and subsample in the
 * core is reproducible from a seed (the core never calls `Math.random()`).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-clean) seeded through
 * splitmix32, so that neighbouring seeds (1, 2, 3 …) give unrelated streams.
 */

/** Returns a float in [0, 1) on each call. */
export type Rng = () => number

export function createRng(seed: number): Rng {
  let s = seed >>> 0
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    return (z ^ (z >>> 16)) >>> 0
  }
  let a = splitmix()
  let b = splitmix()
  let c = splitmix()
  let d = splitmix()
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) >>> 0
    return t / 4294967296
  }
  // The first outputs still carry some of the seed's structure; sfc32's author discards a dozen.
  for (let i = 0; i < 12; i++) next()
  return next
}

/** An integer in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n)
}

/** Fisher–Yates, in place; returns `items` for chaining. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1)
    const tmp = items[i] as T
    items[i] = items[j] as T
    items[j] = tmp
  }
  return items
}
